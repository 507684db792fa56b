using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Research.Pipeline.Errors;
using Research.Tensors.Serialization;
using Research.Tensors.Serialization.Torch;

namespace Research.Cli.Commands;

/// <summary><c>research weights inspect|convert</c>: look inside PyTorch / safetensors weight files and convert them.</summary>
internal static class WeightsCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create(CliIo io)
    {
        var file = new Argument<string>("file") { Description = "A .safetensors file, or a PyTorch checkpoint (.pth/.pt/.pth.tar/.model; legacy or zip format)." };
        var json = new Option<bool>("--json") { Description = "Print the listing as JSON." };
        var inspect = new Command("inspect", "List the tensors of a weight file: names, dtypes and shapes (pickles are read safely: only tensor data, nothing is executed).") { file, json };
        inspect.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var path = parse.GetValue(file)!;
            var (format, tensors, others) = Read(path);
            if (parse.GetValue(json))
            {
                var listing = new
                {
                    file = path,
                    format,
                    tensors = tensors.Select(t => new { name = t.Name, dtype = t.DType.HeaderName(), shape = t.Shape }),
                    other_values = others.ToDictionary(kv => kv.Key, kv => kv.Value),
                };
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(listing, JsonOptions)).ConfigureAwait(false);
                return CliApp.Success;
            }

            var width = tensors.Count == 0 ? 4 : tensors.Max(t => t.Name.Length);
            foreach (var t in tensors)
            {
                await io.Out.WriteLineAsync($"{t.Name.PadRight(width)}  {t.DType.HeaderName(),-4}  [{string.Join(", ", t.Shape)}]").ConfigureAwait(false);
            }

            foreach (var (key, value) in others)
            {
                await io.Out.WriteLineAsync($"{key.PadRight(width)}  (value) {value}").ConfigureAwait(false);
            }

            var elements = tensors.Sum(t => t.ElementCount);
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{format}: {tensors.Count} tensors, {elements:N0} elements")).ConfigureAwait(false);
            return CliApp.Success;
        }));

        var input = new Argument<string>("in") { Description = "A PyTorch checkpoint (.pth/.pt/.pth.tar/.model) or a .safetensors file." };
        var output = new Argument<string>("out") { Description = "The .safetensors file to write (atomically)." };
        var prefix = new Option<string?>("--prefix") { Description = "Keep only tensors under this prefix and strip it (e.g. state_dict)." };
        var convert = new Command("convert", "Convert a weight file to safetensors, keeping tensor names, dtypes and shapes.") { input, output, prefix };
        convert.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var source = parse.GetValue(input)!;
            var target = parse.GetValue(output)!;
            var keep = parse.GetValue(prefix);
            var (format, tensors, _) = Read(source);
            IReadOnlyList<SafetensorsTensor> selected = tensors;
            if (!string.IsNullOrEmpty(keep))
            {
                var start = keep + ".";
                selected = [.. tensors.Where(t => t.Name.StartsWith(start, StringComparison.Ordinal)).Select(t => new SafetensorsTensor(t.Name[start.Length..], t.DType, t.Shape, t.Data))];
                if (selected.Count == 0)
                {
                    throw new UserErrorException($"{source}: no tensor name starts with '{start}' (--prefix {keep}); run 'research weights inspect {source}' to see the names.");
                }
            }

            var metadata = new Dictionary<string, string> { ["source"] = Path.GetFileName(source), ["source_format"] = format };
            SafetensorsFile.Write(target, selected, metadata);
            await io.Out.WriteLineAsync($"wrote {selected.Count} tensors to {target}").ConfigureAwait(false);
            return CliApp.Success;
        }));
        return new Command("weights", "Inspect and convert pretrained weight files.") { inspect, convert };
    }

    // Safetensors by extension; everything else goes through the safe PyTorch reader (which names unknown formats).
    private static (string Format, IReadOnlyList<SafetensorsTensor> Tensors, IReadOnlyList<KeyValuePair<string, string>> Others) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException($"weight file '{path}' does not exist.");
        }

        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            {
                return ("safetensors", SafetensorsFile.Read(path).Tensors, []);
            }

            var checkpoint = TorchCheckpoint.Read(path);
            var format = checkpoint.Format == TorchCheckpointFormat.Zip ? "pytorch zip" : "pytorch legacy";
            return (format, checkpoint.Tensors, checkpoint.OtherValues);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException(e.Message, e);
        }
    }
}
