using Research.Tensors.Threading;

namespace Research.Splatting.Rasterization;

/// <summary>
/// Assigns Gaussians to 16×16 tiles (3DGS getRect) and orders each tile's list by (depth, index): a stable radix sort
/// of all visible Gaussians by depth, then a counting-sort scatter into tiles in that order. Also gives every instance
/// a slot in Gaussian-major, ascending-tile order (the fixed reduction order of the backward pass).
/// Buffers grow as needed and are reused across calls.
/// </summary>
internal sealed class TileBinning
{
    /// <summary>Tile side in pixels (3DGS BLOCK_X = BLOCK_Y).</summary>
    public const int TileSize = 16;

    private int[] rects = [];
    private uint[] keys = [];
    private uint[] keysTmp = [];
    private int[] order = [];
    private int[] orderTmp = [];
    private int[] cursor = [];

    /// <summary>Tiles across.</summary>
    public int GridX { get; private set; }

    /// <summary>Tiles down.</summary>
    public int GridY { get; private set; }

    /// <summary>Number of (tile, Gaussian) instances.</summary>
    public int InstanceCount { get; private set; }

    /// <summary>Tile t's instances are [TileStart[t], TileStart[t+1]) in <see cref="InstanceGaussian"/>.</summary>
    public int[] TileStart { get; private set; } = [];

    /// <summary>Gaussian index of each instance (tile-major, depth-ascending within a tile).</summary>
    public int[] InstanceGaussian { get; private set; } = [];

    /// <summary>Gaussian g's instance slots are [GaussianStart[g], GaussianStart[g+1]) (see <see cref="InstanceSlot"/>).</summary>
    public int[] GaussianStart { get; private set; } = [];

    /// <summary>
    /// Per instance, its index in Gaussian-major order: Gaussian g's instances occupy [GaussianStart[g],
    /// GaussianStart[g+1]) in ascending tile order (the backward's gradient slots use this layout).
    /// </summary>
    public int[] InstanceSlot { get; private set; } = [];

    /// <summary>Bins <paramref name="g"/> for a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public void Bin(ProjectedGaussians g, int width, int height)
    {
        var n = g.Count;
        GridX = (width + TileSize - 1) / TileSize;
        GridY = (height + TileSize - 1) / TileSize;
        var tiles = GridX * GridY;
        Grow(ref rects, 4 * n);
        var gs = GaussianStart;
        Grow(ref gs, n + 1);
        GaussianStart = gs;
        var gridX = GridX;
        var gridY = GridY;
        var rectsLocal = rects;

        // Rectangles and tile counts per Gaussian (own slots: parallel and deterministic).
        ComputeThreads.For(n, 4096, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var r = g.Radii[i];
                int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
                if (r > 0)
                {
                    float mx = g.MeanX[i], my = g.MeanY[i];
                    x0 = Math.Min(gridX, Math.Max(0, (int)((mx - r) / TileSize)));
                    y0 = Math.Min(gridY, Math.Max(0, (int)((my - r) / TileSize)));
                    x1 = Math.Min(gridX, Math.Max(0, (int)((mx + r + TileSize - 1) / TileSize)));
                    y1 = Math.Min(gridY, Math.Max(0, (int)((my + r + TileSize - 1) / TileSize)));
                    if (x1 <= x0 || y1 <= y0)
                    {
                        x0 = y0 = x1 = y1 = 0;
                    }
                }

                rectsLocal[4 * i] = x0;
                rectsLocal[(4 * i) + 1] = y0;
                rectsLocal[(4 * i) + 2] = x1;
                rectsLocal[(4 * i) + 3] = y1;
            }
        });

        // Visible Gaussians with their depth keys, in index order; per-Gaussian instance offsets.
        Grow(ref keys, n);
        Grow(ref order, n);
        var visible = 0;
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            gs[i] = total;
            var count = (rects[(4 * i) + 2] - rects[4 * i]) * (rects[(4 * i) + 3] - rects[(4 * i) + 1]);
            if (count > 0)
            {
                total += count;
                keys[visible] = SortableKey(g.Depth[i]);
                order[visible++] = i;
            }
        }

        gs[n] = total;
        InstanceCount = total;
        RadixSort(visible);

        // Tile counts, then scatter in depth order (stable: each tile's list stays depth-then-index sorted).
        var ts = TileStart;
        Grow(ref ts, tiles + 1);
        TileStart = ts;
        Grow(ref cursor, tiles);
        Array.Clear(cursor, 0, tiles);
        for (var v = 0; v < visible; v++)
        {
            var i = order[v];
            int x0 = rects[4 * i], y0 = rects[(4 * i) + 1], x1 = rects[(4 * i) + 2], y1 = rects[(4 * i) + 3];
            for (var ty = y0; ty < y1; ty++)
            {
                for (var tx = x0; tx < x1; tx++)
                {
                    cursor[(ty * gridX) + tx]++;
                }
            }
        }

        var sum = 0;
        for (var t = 0; t < tiles; t++)
        {
            ts[t] = sum;
            sum += cursor[t];
            cursor[t] = ts[t];
        }

        ts[tiles] = sum;
        var ig = InstanceGaussian;
        Grow(ref ig, total);
        InstanceGaussian = ig;
        var gi = InstanceSlot;
        Grow(ref gi, total);
        InstanceSlot = gi;
        for (var v = 0; v < visible; v++)
        {
            var i = order[v];
            int x0 = rects[4 * i], y0 = rects[(4 * i) + 1], x1 = rects[(4 * i) + 2], y1 = rects[(4 * i) + 3];
            var k = gs[i];
            for (var ty = y0; ty < y1; ty++)
            {
                for (var tx = x0; tx < x1; tx++)
                {
                    var p = cursor[(ty * gridX) + tx]++;
                    ig[p] = i;
                    gi[p] = k++;
                }
            }
        }
    }

    /// <summary>Maps a float to a uint whose unsigned order is the float order (NaN last).</summary>
    internal static uint SortableKey(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
    }

    internal static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length + (array.Length / 2))];
        }
    }

    // LSD radix sort of (keys, order)[0..n) by key, 8 bits per pass; stable, so equal depths keep index order.
    private void RadixSort(int n)
    {
        Grow(ref keysTmp, n);
        Grow(ref orderTmp, n);
        Span<int> hist = stackalloc int[4 * 256];
        hist.Clear();
        for (var i = 0; i < n; i++)
        {
            var k = keys[i];
            hist[(int)(k & 0xFF)]++;
            hist[256 + (int)((k >> 8) & 0xFF)]++;
            hist[512 + (int)((k >> 16) & 0xFF)]++;
            hist[768 + (int)(k >> 24)]++;
        }

        for (var pass = 0; pass < 4; pass++)
        {
            var h = hist.Slice(pass * 256, 256);
            var shift = pass * 8;
            if (n == 0 || h[(int)((keys[0] >> shift) & 0xFF)] == n)
            {
                continue; // every key has the same digit: the pass would be the identity
            }

            var sum = 0;
            for (var b = 0; b < 256; b++)
            {
                var c = h[b];
                h[b] = sum;
                sum += c;
            }

            for (var i = 0; i < n; i++)
            {
                var k = keys[i];
                var p = h[(int)((k >> shift) & 0xFF)]++;
                keysTmp[p] = k;
                orderTmp[p] = order[i];
            }

            (keys, keysTmp) = (keysTmp, keys);
            (order, orderTmp) = (orderTmp, order);
        }
    }
}
