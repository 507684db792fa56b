namespace Research.Pipeline.Errors;

/// <summary>
/// A mistake the user can fix (bad config, missing input, wrong command line). The CLI prints the message alone
/// (no stack trace) and exits with code 2.
/// </summary>
public class UserErrorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UserErrorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public UserErrorException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
