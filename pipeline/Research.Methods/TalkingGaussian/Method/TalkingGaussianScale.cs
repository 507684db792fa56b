namespace Research.Methods.TalkingGaussian.Method;

/// <summary>Preset sizes of a TalkingGaussian run.</summary>
public enum TalkingGaussianScale
{
    /// <summary>Short schedules for the quickstart clip (about a minute of training at 128² on 2 threads).</summary>
    Small,

    /// <summary>The official schedule: 50,000 mouth, 50,000 face and 10,000 fuse iterations; 10,000 / 2,000 initial Gaussians.</summary>
    Paper,
}
