using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Research.Media.Png;

/// <summary>
/// PNG scanline filters (types 0–4). Decoding is inherently serial for Sub, Average and Paeth (each byte needs the
/// reconstructed byte to its left), so those are tight loops that carry the left pixel in registers (Paeth for 3/4-byte
/// pixels works on one whole pixel per vector step); Up decoding and all encoding filters only read original bytes and
/// are fully vectorized.
/// </summary>
internal static class PngFilters
{
    public const int None = 0;
    public const int Sub = 1;
    public const int Up = 2;
    public const int Average = 3;
    public const int Paeth = 4;

    /// <summary>
    /// Reconstructs one row: <paramref name="dst"/> = <paramref name="src"/> + predictor. <paramref name="src"/> and
    /// <paramref name="dst"/> may be the same memory (in-place); <paramref name="prev"/> is the reconstructed row above
    /// (all zeros for the first row). <paramref name="filter"/> must be 0–4.
    /// </summary>
    public static void Unfilter(int filter, ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<byte> prev, int bpp)
    {
        Debug.Assert(src.Length == dst.Length && prev.Length >= dst.Length && bpp >= 1);
        switch (filter)
        {
            case None:
                if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(src), ref MemoryMarshal.GetReference(dst)))
                {
                    src.CopyTo(dst);
                }

                break;
            case Sub:
                UnfilterSub(src, dst, bpp);
                break;
            case Up:
                UnfilterUp(src, dst, prev);
                break;
            case Average:
                UnfilterAverage(src, dst, prev, bpp);
                break;
            case Paeth:
                UnfilterPaeth(src, dst, prev, bpp);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, "PNG filter types are 0 to 4.");
        }
    }

    /// <summary>
    /// Filters one row for encoding: <paramref name="dst"/> = <paramref name="row"/> − predictor. <paramref name="prev"/>
    /// is the original row above (all zeros for the first row). <paramref name="dst"/> must not overlap the inputs.
    /// </summary>
    public static void Filter(int filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, Span<byte> dst, int bpp)
    {
        Debug.Assert(dst.Length == row.Length && prev.Length >= row.Length && bpp >= 1);
        switch (filter)
        {
            case None:
                row.CopyTo(dst);
                break;
            case Sub:
                FilterSub(row, dst, bpp);
                break;
            case Up:
                FilterUp(row, prev, dst);
                break;
            case Average:
                FilterAverage(row, prev, dst, bpp);
                break;
            case Paeth:
                FilterPaeth(row, prev, dst, bpp);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, "PNG filter types are 0 to 4.");
        }
    }

    /// <summary>Sum of |(sbyte)b| over the row: libpng's cost for choosing a filter adaptively.</summary>
    public static long SumAbsSigned(ReadOnlySpan<byte> row)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        var n = row.Length;
        var i = 0;
        long total = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Each block adds at most 2 * 128 per ushort lane, so 255 blocks cannot overflow 65535.
            while (i + Vector128<byte>.Count <= n)
            {
                var acc = Vector128<ushort>.Zero;
                for (var blocks = 0; blocks < 255 && i + Vector128<byte>.Count <= n; blocks++, i += Vector128<byte>.Count)
                {
                    // Abs(-128) stays 0x80 as sbyte, which read unsigned is the correct 128.
                    var abs = Vector128.Abs(Vector128.LoadUnsafe(ref r, (nuint)i).AsSByte()).AsByte();
                    var (lo, hi) = Vector128.Widen(abs);
                    acc += lo + hi;
                }

                var (accLo, accHi) = Vector128.Widen(acc);
                total += Vector128.Sum(accLo + accHi);
            }
        }

        for (; i < n; i++)
        {
            var v = (sbyte)Unsafe.Add(ref r, i);
            total += v < 0 ? -v : v;
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PaethPredictor(int a, int b, int c)
    {
        // p = a + b - c; distances |p-a| = |b-c|, |p-b| = |a-c|, |p-c| = |a+b-2c|; ties prefer a, then b.
        // Branch-free: on real frames the choice flips unpredictably and mispredictions would dominate.
        var pa = b - c;
        var pb = a - c;
        var pc = Abs(pa + pb);
        pa = Abs(pa);
        pb = Abs(pb);
        var takeB = (pb - pa) >> 31;
        var best = a ^ ((a ^ b) & takeB);
        var cost = pa ^ ((pa ^ pb) & takeB);
        var takeC = (pc - cost) >> 31;
        return best ^ ((best ^ c) & takeC);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Abs(int v)
    {
        var m = v >> 31;
        return (v ^ m) - m;
    }

    // Adds four bytes lane-wise without carries between lanes (SWAR).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AddBytes(uint x, uint y) => ((x & 0x7F7F7F7Fu) + (y & 0x7F7F7F7Fu)) ^ ((x ^ y) & 0x80808080u);

    // Lane-wise floor((x + y) / 2): common bits plus half the differing bits never carries across lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AverageBytes(uint x, uint y) => (x & y) + (((x ^ y) >> 1) & 0x7F7F7F7Fu);

    // The reconstruction loops below keep the left pixel in locals for the common 1, 3 and 4 byte pixels: reading it
    // back from memory puts a store-to-load forwarding delay on the critical dependency chain of every byte.
    // Starting with left = upper-left = 0 gives exactly the first-pixel rules, so no separate head loop is needed.
    // Rows always hold a whole number of pixels, so n is a multiple of bpp.
    private static void UnfilterSub(ReadOnlySpan<byte> src, Span<byte> dst, int bpp)
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var n = dst.Length;
        switch (bpp)
        {
            case 1:
            {
                var a = 0;
                for (var i = 0; i < n; i++)
                {
                    a = (Unsafe.Add(ref s, i) + a) & 0xFF;
                    Unsafe.Add(ref d, i) = (byte)a;
                }

                break;
            }

            case 3:
            {
                int a0 = 0, a1 = 0, a2 = 0;
                for (var i = 0; i < n; i += 3)
                {
                    a0 = (Unsafe.Add(ref s, i) + a0) & 0xFF;
                    a1 = (Unsafe.Add(ref s, i + 1) + a1) & 0xFF;
                    a2 = (Unsafe.Add(ref s, i + 2) + a2) & 0xFF;
                    Unsafe.Add(ref d, i) = (byte)a0;
                    Unsafe.Add(ref d, i + 1) = (byte)a1;
                    Unsafe.Add(ref d, i + 2) = (byte)a2;
                }

                break;
            }

            case 4:
            {
                var a = 0u;
                for (var i = 0; i < n; i += 4)
                {
                    a = AddBytes(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s, i)), a);
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i), a);
                }

                break;
            }

            default:
            {
                for (var i = 0; i < bpp; i++)
                {
                    Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
                }

                for (var i = bpp; i < n; i++)
                {
                    Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref s, i) + Unsafe.Add(ref d, i - bpp));
                }

                break;
            }
        }
    }

    private static void UnfilterUp(ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<byte> prev)
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        ref var p = ref MemoryMarshal.GetReference(prev);
        var n = dst.Length;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref s, (nuint)i) + Vector128.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref s, i) + Unsafe.Add(ref p, i));
        }
    }

    private static void UnfilterAverage(ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<byte> prev, int bpp)
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        ref var p = ref MemoryMarshal.GetReference(prev);
        var n = dst.Length;
        switch (bpp)
        {
            case 1:
            {
                var a = 0;
                for (var i = 0; i < n; i++)
                {
                    a = (Unsafe.Add(ref s, i) + ((a + Unsafe.Add(ref p, i)) >> 1)) & 0xFF;
                    Unsafe.Add(ref d, i) = (byte)a;
                }

                break;
            }

            case 3:
            {
                int a0 = 0, a1 = 0, a2 = 0;
                for (var i = 0; i < n; i += 3)
                {
                    a0 = (Unsafe.Add(ref s, i) + ((a0 + Unsafe.Add(ref p, i)) >> 1)) & 0xFF;
                    a1 = (Unsafe.Add(ref s, i + 1) + ((a1 + Unsafe.Add(ref p, i + 1)) >> 1)) & 0xFF;
                    a2 = (Unsafe.Add(ref s, i + 2) + ((a2 + Unsafe.Add(ref p, i + 2)) >> 1)) & 0xFF;
                    Unsafe.Add(ref d, i) = (byte)a0;
                    Unsafe.Add(ref d, i + 1) = (byte)a1;
                    Unsafe.Add(ref d, i + 2) = (byte)a2;
                }

                break;
            }

            case 4:
            {
                var a = 0u;
                for (var i = 0; i < n; i += 4)
                {
                    var b = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, i));
                    a = AddBytes(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s, i)), AverageBytes(a, b));
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i), a);
                }

                break;
            }

            default:
            {
                for (var i = 0; i < bpp; i++)
                {
                    Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref s, i) + (Unsafe.Add(ref p, i) >> 1));
                }

                for (var i = bpp; i < n; i++)
                {
                    Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref s, i) + ((Unsafe.Add(ref d, i - bpp) + Unsafe.Add(ref p, i)) >> 1));
                }

                break;
            }
        }
    }

    private static void UnfilterPaeth(ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<byte> prev, int bpp)
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        ref var p = ref MemoryMarshal.GetReference(prev);
        var n = dst.Length;
        if (Vector128.IsHardwareAccelerated && bpp is 3 or 4)
        {
            UnfilterPaethVector(ref s, ref d, ref p, n, bpp);
            return;
        }

        switch (bpp)
        {
            case 1:
            {
                int a = 0, c = 0;
                for (var i = 0; i < n; i++)
                {
                    int b = Unsafe.Add(ref p, i);
                    a = (Unsafe.Add(ref s, i) + PaethPredictor(a, b, c)) & 0xFF;
                    Unsafe.Add(ref d, i) = (byte)a;
                    c = b;
                }

                break;
            }

            case 3:
            {
                int a0 = 0, a1 = 0, a2 = 0, c0 = 0, c1 = 0, c2 = 0;
                for (var i = 0; i < n; i += 3)
                {
                    int b0 = Unsafe.Add(ref p, i), b1 = Unsafe.Add(ref p, i + 1), b2 = Unsafe.Add(ref p, i + 2);
                    a0 = (Unsafe.Add(ref s, i) + PaethPredictor(a0, b0, c0)) & 0xFF;
                    a1 = (Unsafe.Add(ref s, i + 1) + PaethPredictor(a1, b1, c1)) & 0xFF;
                    a2 = (Unsafe.Add(ref s, i + 2) + PaethPredictor(a2, b2, c2)) & 0xFF;
                    Unsafe.Add(ref d, i) = (byte)a0;
                    Unsafe.Add(ref d, i + 1) = (byte)a1;
                    Unsafe.Add(ref d, i + 2) = (byte)a2;
                    (c0, c1, c2) = (b0, b1, b2);
                }

                break;
            }

            case 4:
            {
                int a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
                for (var i = 0; i < n; i += 4)
                {
                    int b0 = Unsafe.Add(ref p, i), b1 = Unsafe.Add(ref p, i + 1), b2 = Unsafe.Add(ref p, i + 2), b3 = Unsafe.Add(ref p, i + 3);
                    a0 = (Unsafe.Add(ref s, i) + PaethPredictor(a0, b0, c0)) & 0xFF;
                    a1 = (Unsafe.Add(ref s, i + 1) + PaethPredictor(a1, b1, c1)) & 0xFF;
                    a2 = (Unsafe.Add(ref s, i + 2) + PaethPredictor(a2, b2, c2)) & 0xFF;
                    a3 = (Unsafe.Add(ref s, i + 3) + PaethPredictor(a3, b3, c3)) & 0xFF;
                    Unsafe.Add(ref d, i) = (byte)a0;
                    Unsafe.Add(ref d, i + 1) = (byte)a1;
                    Unsafe.Add(ref d, i + 2) = (byte)a2;
                    Unsafe.Add(ref d, i + 3) = (byte)a3;
                    (c0, c1, c2, c3) = (b0, b1, b2, b3);
                }

                break;
            }

            default:
            {
                // With no left neighbour a = c = 0, and the predictor reduces to the byte above.
                for (var i = 0; i < bpp; i++)
                {
                    Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref s, i) + Unsafe.Add(ref p, i));
                }

                for (var i = bpp; i < n; i++)
                {
                    var pred = PaethPredictor(Unsafe.Add(ref d, i - bpp), Unsafe.Add(ref p, i), Unsafe.Add(ref p, i - bpp));
                    Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref s, i) + pred);
                }

                break;
            }
        }
    }

    /// <summary>
    /// Paeth reconstruction for 3- and 4-byte pixels, one pixel per step with its bytes in 16-bit lanes. The chain from
    /// one pixel to the next is about 8 vector operations, against roughly 30 scalar ones per byte.
    /// </summary>
    private static void UnfilterPaethVector(ref byte s, ref byte d, ref byte p, int n, int bpp)
    {
        var low = Vector128.Create((short)0xFF);
        var a = Vector128<short>.Zero;
        var c = Vector128<short>.Zero;
        var i = 0;

        // Loads take 4 bytes; for 3-byte pixels the last pixel would read past the row, so it is finished in scalar.
        var vectorEnd = bpp == 4 ? n : n - 3;
        for (; i < vectorEnd; i += bpp)
        {
            var b = Load4(ref Unsafe.Add(ref p, i));
            var x = Load4(ref Unsafe.Add(ref s, i));
            var pa = b - c;
            var pb = a - c;
            var pc = Vector128.Abs(pa + pb);
            pa = Vector128.Abs(pa);
            pb = Vector128.Abs(pb);
            var best = Vector128.ConditionalSelect(Vector128.LessThan(pb, pa), b, a);
            var pred = Vector128.ConditionalSelect(Vector128.LessThan(pc, Vector128.Min(pa, pb)), c, best);
            a = (x + pred) & low;
            c = b;

            // Store exactly bpp bytes: with in-place reconstruction a fourth byte would overwrite unread input.
            var bytes = Vector128.Narrow(a.AsUInt16(), a.AsUInt16());
            if (bpp == 4)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i), bytes.AsUInt32().ToScalar());
            }
            else
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i), bytes.AsUInt16().ToScalar());
                Unsafe.Add(ref d, i + 2) = bytes.GetElement(2);
            }
        }

        for (var k = 0; i < n; i++, k++)
        {
            int b = Unsafe.Add(ref p, i);
            var pred = PaethPredictor(a.GetElement(k), b, c.GetElement(k));
            Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref s, i) + pred);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Load4(ref byte source) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref source)).AsByte()).AsInt16();

    private static void FilterSub(ReadOnlySpan<byte> row, Span<byte> dst, int bpp)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var n = row.Length;
        var i = Math.Min(bpp, n);
        Unsafe.CopyBlockUnaligned(ref d, ref r, (uint)i);
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                var x = Vector128.LoadUnsafe(ref r, (nuint)i);
                var a = Vector128.LoadUnsafe(ref r, (nuint)(i - bpp));
                (x - a).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref r, i) - Unsafe.Add(ref r, i - bpp));
        }
    }

    private static void FilterUp(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, Span<byte> dst)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var p = ref MemoryMarshal.GetReference(prev);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var n = row.Length;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref r, (nuint)i) - Vector128.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref r, i) - Unsafe.Add(ref p, i));
        }
    }

    private static void FilterAverage(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, Span<byte> dst, int bpp)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var p = ref MemoryMarshal.GetReference(prev);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var n = row.Length;
        var head = Math.Min(bpp, n);
        for (var j = 0; j < head; j++)
        {
            Unsafe.Add(ref d, j) = (byte)(Unsafe.Add(ref r, j) - (Unsafe.Add(ref p, j) >> 1));
        }

        var i = head;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                var x = Vector128.LoadUnsafe(ref r, (nuint)i);
                var a = Vector128.LoadUnsafe(ref r, (nuint)(i - bpp));
                var b = Vector128.LoadUnsafe(ref p, (nuint)i);

                // floor((a + b) / 2) without widening: shared bits plus half of the differing bits.
                var mean = (a & b) + Vector128.ShiftRightLogical(a ^ b, 1);
                (x - mean).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref r, i) - ((Unsafe.Add(ref r, i - bpp) + Unsafe.Add(ref p, i)) >> 1));
        }
    }

    private static void FilterPaeth(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, Span<byte> dst, int bpp)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var p = ref MemoryMarshal.GetReference(prev);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var n = row.Length;
        var head = Math.Min(bpp, n);
        for (var j = 0; j < head; j++)
        {
            Unsafe.Add(ref d, j) = (byte)(Unsafe.Add(ref r, j) - Unsafe.Add(ref p, j));
        }

        var i = head;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                var x = Vector128.LoadUnsafe(ref r, (nuint)i);
                var (aLo, aHi) = Vector128.Widen(Vector128.LoadUnsafe(ref r, (nuint)(i - bpp)));
                var (bLo, bHi) = Vector128.Widen(Vector128.LoadUnsafe(ref p, (nuint)i));
                var (cLo, cHi) = Vector128.Widen(Vector128.LoadUnsafe(ref p, (nuint)(i - bpp)));
                var lo = PaethPredictor(aLo.AsInt16(), bLo.AsInt16(), cLo.AsInt16());
                var hi = PaethPredictor(aHi.AsInt16(), bHi.AsInt16(), cHi.AsInt16());
                (x - Vector128.Narrow(lo.AsUInt16(), hi.AsUInt16())).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var pred = PaethPredictor(Unsafe.Add(ref r, i - bpp), Unsafe.Add(ref p, i), Unsafe.Add(ref p, i - bpp));
            Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref r, i) - pred);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> PaethPredictor(Vector128<short> a, Vector128<short> b, Vector128<short> c)
    {
        // Same selection as the scalar version, lane-wise.
        var pa = b - c;
        var pb = a - c;
        var pc = Vector128.Abs(pa + pb);
        pa = Vector128.Abs(pa);
        pb = Vector128.Abs(pb);
        var takeB = Vector128.LessThan(pb, pa);
        var best = Vector128.ConditionalSelect(takeB, b, a);
        var cost = Vector128.Min(pa, pb);
        return Vector128.ConditionalSelect(Vector128.LessThan(pc, cost), c, best);
    }
}
