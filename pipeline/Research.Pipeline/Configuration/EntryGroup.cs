namespace Research.Pipeline.Configuration;

/// <summary>
/// A mapping of named entries whose bases come from a config group: each entry under <see cref="Key"/>
/// (e.g. <c>methods.audio-retrieval</c>) starts from <c>configs/&lt;Group&gt;/&lt;use or entry name&gt;.yaml</c>.
/// </summary>
public sealed record EntryGroup(string Key, string Group);
