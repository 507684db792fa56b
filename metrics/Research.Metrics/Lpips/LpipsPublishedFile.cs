namespace Research.Metrics.Lpips;

/// <summary>A published weight file LPIPS needs (metrics.md §9), with where it comes from and under which terms.</summary>
/// <param name="FileName">The published file name, e.g. "alexnet-owt-7be5be79.pth".</param>
/// <param name="Description">What the file holds.</param>
/// <param name="Source">Where to get it.</param>
/// <param name="Size">Published size (text, as documented).</param>
/// <param name="Licence">Licence of the code that publishes it and what is known about the weights' terms.</param>
/// <param name="Sha256">SHA-256 of the published file in lower-case hex when known, else null.</param>
public sealed record LpipsPublishedFile(string FileName, string Description, string Source, string Size, string Licence, string? Sha256)
{
    private const string TorchvisionLicence = "torchvision BSD-3-Clause; ImageNet-trained weights, their terms unverified";
    private const string LpipsLicence = "BSD-2-Clause (PerceptualSimilarity LICENSE)";

    /// <summary>torchvision AlexNet ImageNet weights (torchvision ≥ 0.13 name).</summary>
    public static LpipsPublishedFile AlexTrunk { get; } = new(
        "alexnet-owt-7be5be79.pth",
        "AlexNet trunk (torchvision IMAGENET1K_V1, zip torch format; only features.{0,3,6,8,10} are used)",
        "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth",
        "233 MB",
        TorchvisionLicence,
        null);

    /// <summary>The older torchvision AlexNet file name (tensors believed identical; unverified).</summary>
    public static LpipsPublishedFile AlexTrunkOld { get; } = new(
        "alexnet-owt-4df8aa71.pth",
        "AlexNet trunk (torchvision < 0.13 name; whether its tensors equal 7be5be79's is unverified)",
        "https://download.pytorch.org/models/alexnet-owt-4df8aa71.pth",
        "233 MB",
        TorchvisionLicence,
        null);

    /// <summary>torchvision VGG16 ImageNet weights.</summary>
    public static LpipsPublishedFile VggTrunk { get; } = new(
        "vgg16-397923af.pth",
        "VGG16 trunk (torchvision IMAGENET1K_V1; only features.{0,2,5,7,10,12,14,17,19,21,24,26,28} are used)",
        "https://download.pytorch.org/models/vgg16-397923af.pth",
        "553,433,881 bytes",
        TorchvisionLicence,
        null);

    /// <summary>LPIPS v0.1 lin weights for AlexNet.</summary>
    public static LpipsPublishedFile AlexLin { get; } = new(
        "alex.pth",
        "LPIPS v0.1 lin layers for AlexNet (lin0–lin4, legacy torch format)",
        "lpips/weights/v0.1/alex.pth in https://github.com/richzhang/PerceptualSimilarity or the pip 'lpips' wheel",
        "6,009 bytes",
        LpipsLicence,
        "df73285e35b22355a2df87cdb6b70b343713b667eddbda73e1977e0c860835c0");

    /// <summary>LPIPS v0.1 lin weights for VGG16.</summary>
    public static LpipsPublishedFile VggLin { get; } = new(
        "vgg.pth",
        "LPIPS v0.1 lin layers for VGG16 (lin0–lin4, legacy torch format)",
        "lpips/weights/v0.1/vgg.pth in https://github.com/richzhang/PerceptualSimilarity or the pip 'lpips' wheel",
        "7,289 bytes",
        LpipsLicence,
        "a78928a0af1e5f0fcb1f3b9e8f8c3a2a5a3de244d830ad5c1feddc79b8432868");

    /// <summary>Trunk files accepted for <paramref name="net"/>, preferred first.</summary>
    public static IReadOnlyList<LpipsPublishedFile> Trunks(LpipsNet net) => net switch
    {
        LpipsNet.Alex => [AlexTrunk, AlexTrunkOld],
        LpipsNet.Vgg => [VggTrunk],
        _ => throw new ArgumentOutOfRangeException(nameof(net), net, "Unknown LPIPS trunk."),
    };

    /// <summary>The v0.1 lin file for <paramref name="net"/>.</summary>
    public static LpipsPublishedFile Lin(LpipsNet net) => net switch
    {
        LpipsNet.Alex => AlexLin,
        LpipsNet.Vgg => VggLin,
        _ => throw new ArgumentOutOfRangeException(nameof(net), net, "Unknown LPIPS trunk."),
    };
}
