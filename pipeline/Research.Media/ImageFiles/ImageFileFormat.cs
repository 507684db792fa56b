namespace Research.Media.ImageFiles;

/// <summary>Image file formats <see cref="ImageFile"/> reads, told apart by their first bytes.</summary>
public enum ImageFileFormat
{
    /// <summary>Not a format <see cref="ImageFile"/> reads.</summary>
    Unknown,

    /// <summary>PNG (signature 89 50 4E 47 0D 0A 1A 0A).</summary>
    Png,

    /// <summary>JPEG (SOI marker FF D8 followed by another marker).</summary>
    Jpeg,
}
