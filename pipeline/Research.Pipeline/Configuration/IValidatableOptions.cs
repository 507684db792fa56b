namespace Research.Pipeline.Configuration;

/// <summary>Options that check their own values after binding; each problem names the key it concerns.</summary>
public interface IValidatableOptions
{
    /// <summary>Returns (key, message) pairs; an empty key refers to the options mapping itself.</summary>
    IEnumerable<(string Key, string Message)> Validate();
}
