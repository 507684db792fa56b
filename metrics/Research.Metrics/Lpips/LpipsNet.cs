namespace Research.Metrics.Lpips;

/// <summary>The LPIPS feature trunk (the <c>net</c> argument of <c>lpips.LPIPS</c>).</summary>
public enum LpipsNet
{
    /// <summary>torchvision AlexNet <c>features</c>, taps relu1–relu5 (the default and the canonical choice).</summary>
    Alex,

    /// <summary>torchvision VGG16 <c>features</c>, taps relu1_2, relu2_2, relu3_3, relu4_3, relu5_3.</summary>
    Vgg,
}
