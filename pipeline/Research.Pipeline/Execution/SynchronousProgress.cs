namespace Research.Pipeline.Execution;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread, in order. <see cref="Progress{T}"/> would post
/// each report to the thread pool, where they can arrive out of order or after the work has finished.
/// </summary>
/// <typeparam name="T">The progress value.</typeparam>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
