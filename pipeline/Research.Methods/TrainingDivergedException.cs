using Research.Pipeline.Errors;

namespace Research.Methods;

/// <summary>
/// Training produced NaN or Inf in a loss term or a parameter. The message names the stage, the iteration and the term
/// or parameter (e.g. "face iteration 812: loss term 'dssim' is NaN"); the CLI prints it without a stack trace and the
/// run stops, since the same config and seed diverge the same way again.
/// </summary>
public sealed class TrainingDivergedException : UserErrorException
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public TrainingDivergedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
