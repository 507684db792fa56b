namespace Research.Testing;

/// <summary>
/// A POSIX shell stand-in for OpenFace's <c>FeatureExtraction</c>: parses <c>-f</c>/<c>-fdir</c> and <c>-out_dir</c>,
/// writes <c>&lt;out&gt;/&lt;input stem&gt;.csv</c> with one row per PNG in the input folder (4 rows for a file), 68
/// landmarks and the 17 AU intensities. Inputs whose name contains "pred" get AU intensities 1.0 and mouth points
/// (48–67) at x = 2·i; others 0.5 and x = i (y = 0). So AUE-U = 8·0.25 = 2, AUE-L = 9·0.25 = 2.25 and LMD = 5 px.
/// </summary>
public static class FakeOpenFace
{
    /// <summary>Expected AUE-U of a "pred" input against any other.</summary>
    public const double UpperAue = 2.0;

    /// <summary>Expected AUE-L.</summary>
    public const double LowerAue = 2.25;

    /// <summary>Expected LMD in pixels: mean over i = 48..67 of |i − 57.5|.</summary>
    public const double Lmd = 5.0;

    private const string Script = """
        #!/bin/sh
        out=""; in=""
        while [ $# -gt 0 ]; do
          case "$1" in
            -out_dir) out="$2"; shift ;;
            -f|-fdir) in="$2"; shift ;;
          esac
          shift
        done
        name=$(basename "$in"); name="${name%.*}"
        if [ -d "$in" ]; then n=$(ls "$in" | grep -c '\.png$'); else n=4; fi
        case "$name" in *pred*) au=1.0; s=2 ;; *) au=0.5; s=1 ;; esac
        mkdir -p "$out"
        awk -v n="$n" -v au="$au" -v s="$s" 'BEGIN {
          h = "frame, face_id, timestamp, confidence, success"
          for (i = 0; i < 68; i++) h = h ", x_" i
          for (i = 0; i < 68; i++) h = h ", y_" i
          split("01 02 04 05 06 07 09 10 12 14 15 17 20 23 25 26 45", u, " ")
          for (k = 1; k <= 17; k++) h = h ", AU" u[k] "_r"
          print h
          for (r = 1; r <= n; r++) {
            line = r ", 0, " (r - 1) * 0.04 ", 0.98, 1"
            for (i = 0; i < 68; i++) line = line ", " ((i >= 48) ? s * i : i)
            for (i = 0; i < 68; i++) line = line ", 0"
            for (k = 1; k <= 17; k++) line = line ", " au
            print line
          }
        }' > "$out/$name.csv"
        """;

    /// <summary>Writes the script into <paramref name="directory"/> as an executable and returns its path.</summary>
    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "FeatureExtraction");
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
