using NUnit.Framework;
using Research.Tensors.Threading;

namespace Research.Tensors.Tests.Threading;

public class ComputeThreadsTests
{
    [TestCase(0, 1)]
    [TestCase(1, 1)]
    [TestCase(7, 2)]
    [TestCase(1000, 16)]
    [TestCase(1001, 1)]
    public void For_CoversTheRangeOnceInContiguousChunks(int length, int minChunk)
    {
        var hits = new int[length];
        var chunks = new List<(int Chunk, int Start, int End)>();
        ComputeThreads.For(length, minChunk, (c, s, e) =>
        {
            lock (chunks)
            {
                chunks.Add((c, s, e));
            }

            for (var i = s; i < e; i++)
            {
                Interlocked.Increment(ref hits[i]);
            }
        });

        Assert.That(hits, Is.All.EqualTo(1));
        var ordered = chunks.OrderBy(c => c.Chunk).ToList();
        Assert.That(ordered.Select(c => c.Chunk), Is.EqualTo(Enumerable.Range(0, ordered.Count)));
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.That(ordered[i].Start, Is.EqualTo(ordered[i - 1].End));
        }

        Assert.That(ordered.Count, Is.EqualTo(ComputeThreads.ChunkCount(length, minChunk)));
    }
}
