namespace Research.Tensors.Serialization;

/// <summary>
/// Element types of the safetensors format. The declaration order is the reference implementation's alignment order
/// (it sorts tensors by descending value of this enum, then by name), so do not reorder the members.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>Boolean, one byte ("BOOL").</summary>
    Bool,

    /// <summary>4-bit MX float ("F4"); two elements per byte.</summary>
    F4,

    /// <summary>6-bit MX float E2M3 ("F6_E2M3").</summary>
    F6E2M3,

    /// <summary>6-bit MX float E3M2 ("F6_E3M2").</summary>
    F6E3M2,

    /// <summary>Unsigned byte ("U8").</summary>
    U8,

    /// <summary>Signed byte ("I8").</summary>
    I8,

    /// <summary>8-bit float E5M2 ("F8_E5M2").</summary>
    F8E5M2,

    /// <summary>8-bit float E4M3 ("F8_E4M3").</summary>
    F8E4M3,

    /// <summary>8-bit exponent-only MX scale ("F8_E8M0").</summary>
    F8E8M0,

    /// <summary>8-bit float E4M3, FNUZ variant ("F8_E4M3FNUZ").</summary>
    F8E4M3Fnuz,

    /// <summary>8-bit float E5M2, FNUZ variant ("F8_E5M2FNUZ").</summary>
    F8E5M2Fnuz,

    /// <summary>Signed 16-bit integer ("I16").</summary>
    I16,

    /// <summary>Unsigned 16-bit integer ("U16").</summary>
    U16,

    /// <summary>IEEE half precision ("F16").</summary>
    F16,

    /// <summary>Brain float 16 ("BF16").</summary>
    BF16,

    /// <summary>Signed 32-bit integer ("I32").</summary>
    I32,

    /// <summary>Unsigned 32-bit integer ("U32").</summary>
    U32,

    /// <summary>IEEE single precision ("F32").</summary>
    F32,

    /// <summary>Complex with two 32-bit float parts ("C64").</summary>
    C64,

    /// <summary>IEEE double precision ("F64").</summary>
    F64,

    /// <summary>Signed 64-bit integer ("I64").</summary>
    I64,

    /// <summary>Unsigned 64-bit integer ("U64").</summary>
    U64,
}
