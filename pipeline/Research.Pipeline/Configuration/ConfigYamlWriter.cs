using YamlDotNet.Core.Events;
using YamlDotNet.Core;

namespace Research.Pipeline.Configuration;

/// <summary>Writes config trees back to plain YAML (no tags), deterministically.</summary>
public static class ConfigYamlWriter
{
    /// <summary>Serialises a tree to YAML text.</summary>
    public static string Write(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var writer = new StringWriter();
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, ConfigNode node)
    {
        switch (node)
        {
            case ConfigScalar s:
                var style = s.IsQuoted ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, s.Value, style, !s.IsQuoted, s.IsQuoted));
                break;
            case ConfigSequence q:
                var flow = q.Items.Count > 0 && q.Items.All(i => i is ConfigScalar);
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in q.Items)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case ConfigMapping m:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, m.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in m.Entries)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
        }
    }
}
