using System.Globalization;
using System.Numerics;

namespace Research.Tensors.Serialization.Torch;

/// <summary>Short, Python-like text for pickle values in messages and in the list of non-tensor entries.</summary>
internal static class PickleText
{
    public static string TypeName(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        byte[] => "bytes",
        PickleTuple => "tuple",
        PickleList => "list",
        PickleDict => "dict",
        PickleGlobal g => g.ToString(),
        TorchStorageRef => "storage",
        TorchTensorRef => "tensor",
        _ => value.GetType().Name,
    };

    /// <summary>The value of a scalar leaf (strings as-is, at most 200 characters).</summary>
    public static string Scalar(object? value)
    {
        var text = value switch
        {
            null => "None",
            true => "True",
            false => "False",
            long l => l.ToString(CultureInfo.InvariantCulture),
            BigInteger b => b.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            string s => s,
            byte[] b => $"bytes[{b.Length}]",
            _ => $"<{TypeName(value)}>",
        };
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
