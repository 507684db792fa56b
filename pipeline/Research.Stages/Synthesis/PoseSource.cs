namespace Research.Stages.Synthesis;

/// <summary>Which dataset frames a novel-audio render replays the camera pose, AUs and torso/background from.</summary>
public enum PoseSource
{
    /// <summary>The held-out frames, in order (upstream's default when rendering with <c>--audio</c>).</summary>
    Test,

    /// <summary>The training frames, in order (upstream <c>--use_train</c>).</summary>
    Train,
}
