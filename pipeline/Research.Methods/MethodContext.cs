namespace Research.Methods;

/// <summary>What a method gets besides data: its derived seed, thread budget, log, progress sink and cancellation.</summary>
public sealed record MethodContext(int Seed, int Threads, TextWriter Log, IProgress<MethodProgress> Progress, CancellationToken Cancellation);
