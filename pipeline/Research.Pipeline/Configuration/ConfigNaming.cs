using System.Text;

namespace Research.Pipeline.Configuration;

/// <summary>Names in config files: properties are snake_case, enum values kebab-case.</summary>
public static class ConfigNaming
{
    /// <summary><c>SchemaVersion</c> → <c>schema_version</c>.</summary>
    public static string ToSnakeCase(string name) => Separate(name, '_');

    /// <summary><c>MeanFrame</c> → <c>mean-frame</c>.</summary>
    public static string ToKebabCase(string name) => Separate(name, '-');

    private static string Separate(string name, char separator)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary)
                {
                    sb.Append(separator);
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
