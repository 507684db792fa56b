namespace Research.Media.Npy;

/// <summary>Element types that <see cref="NpyFile"/> reads and writes, with their NumPy names.</summary>
public enum NpyDType
{
    /// <summary>32-bit float, NumPy <c>float32</c> (<c>'&lt;f4'</c>); held as <see cref="float"/>[].</summary>
    Float32,

    /// <summary>64-bit float, NumPy <c>float64</c> (<c>'&lt;f8'</c>); held as <see cref="double"/>[].</summary>
    Float64,

    /// <summary>32-bit signed integer, NumPy <c>int32</c> (<c>'&lt;i4'</c>); held as <see cref="int"/>[].</summary>
    Int32,

    /// <summary>64-bit signed integer, NumPy <c>int64</c> (<c>'&lt;i8'</c>); held as <see cref="long"/>[].</summary>
    Int64,

    /// <summary>Boolean, NumPy <c>bool</c> (<c>'|b1'</c>, one byte each); held as <see cref="bool"/>[].</summary>
    Bool,

    /// <summary>8-bit unsigned integer, NumPy <c>uint8</c> (<c>'|u1'</c>); held as <see cref="byte"/>[].</summary>
    UInt8,

    /// <summary>16-bit signed integer, NumPy <c>int16</c> (<c>'&lt;i2'</c>); held as <see cref="short"/>[].</summary>
    Int16,

    /// <summary>16-bit unsigned integer, NumPy <c>uint16</c> (<c>'&lt;u2'</c>); held as <see cref="ushort"/>[].</summary>
    UInt16,
}
