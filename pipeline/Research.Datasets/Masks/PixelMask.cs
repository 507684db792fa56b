using System.Numerics;

namespace Research.Datasets.Masks;

/// <summary>
/// A binary W×H mask with one bit per pixel, row-major (8× smaller than <c>bool[]</c>, so thousands of frames of
/// masks fit in memory). Coordinates are (x = column, y = row).
/// </summary>
public sealed class PixelMask
{
    private readonly ulong[] words;

    /// <summary>Creates an all-false mask.</summary>
    public PixelMask(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        words = new ulong[(checked(width * height) + 63) / 64];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels, W·H.</summary>
    public int Length => Width * Height;

    /// <summary>The pixel at row-major index <c>y·W + x</c>.</summary>
    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Length, nameof(index));
            return (words[index >> 6] & (1UL << (index & 63))) != 0;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Length, nameof(index));
            if (value)
            {
                words[index >> 6] |= 1UL << (index & 63);
            }
            else
            {
                words[index >> 6] &= ~(1UL << (index & 63));
            }
        }
    }

    /// <summary>The pixel in column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public bool this[int x, int y]
    {
        get => this[Index(x, y)];
        set => this[Index(x, y)] = value;
    }

    /// <summary>A mask from W·H row-major booleans.</summary>
    public static PixelMask FromBooleans(int width, int height, ReadOnlySpan<bool> values)
    {
        var mask = new PixelMask(width, height);
        if (values.Length != mask.Length)
        {
            throw new ArgumentException($"{values.Length} values cannot form a {width}x{height} mask.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                mask.words[i >> 6] |= 1UL << (i & 63);
            }
        }

        return mask;
    }

    /// <summary>Number of true pixels.</summary>
    public int Count()
    {
        var count = 0;
        foreach (var word in words)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>The mask as W·H row-major booleans.</summary>
    public bool[] ToBooleans()
    {
        var values = new bool[Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (words[i >> 6] & (1UL << (i & 63))) != 0;
        }

        return values;
    }

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside the {Width}x{Height} mask.");
        }

        return (y * Width) + x;
    }
}
