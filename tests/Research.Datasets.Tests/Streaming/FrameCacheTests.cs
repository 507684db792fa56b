using NUnit.Framework;
using Research.Datasets.Streaming;

namespace Research.Datasets.Tests.Streaming;

[TestFixture]
public sealed class FrameCacheTests
{
    [Test]
    public void EvictsLeastRecentlyUsedFirst()
    {
        var cache = new FrameCache<int, string>(30, k => new string('x', 10) + k, _ => 10);
        cache.Get(1);
        cache.Get(2);
        cache.Get(3);
        cache.Get(1); // 1 is now the most recent; 2 the least

        cache.Get(4);

        Assert.That(cache.KeysByRecency(), Is.EqualTo(new[] { 4, 1, 3 }).AsCollection);
        Assert.That(cache.Contains(2), Is.False);
        Assert.That((cache.Hits, cache.Misses, cache.Evictions), Is.EqualTo((1L, 4L, 1L)));
    }

    [Test]
    public void Hit_ReturnsTheCachedInstanceWithoutLoading()
    {
        var loads = 0;
        var cache = new FrameCache<int, byte[]>(1000, k => { loads++; return new byte[k]; }, v => v.LongLength);

        var first = cache.Get(5);
        var second = cache.Get(5);

        Assert.That(second, Is.SameAs(first));
        Assert.That(loads, Is.EqualTo(1));
    }

    [Test]
    public void BudgetIsNeverExceeded_WithMixedSizes()
    {
        var random = new Random(3);
        var sizes = Enumerable.Range(0, 200).Select(_ => random.Next(1, 60)).ToArray();
        var cache = new FrameCache<int, byte[]>(100, k => new byte[sizes[k]], v => v.LongLength);

        for (var step = 0; step < 2000; step++)
        {
            var key = random.Next(sizes.Length);
            Assert.That(cache.Get(key), Has.Length.EqualTo(sizes[key]));
            var held = cache.KeysByRecency().Sum(k => (long)sizes[k]);
            Assert.That(cache.CurrentBytes, Is.EqualTo(held));
            Assert.That(held, Is.LessThanOrEqualTo(100));
        }

        Assert.That(cache.Hits + cache.Misses, Is.EqualTo(2000));
        Assert.That(cache.Evictions, Is.GreaterThan(0));
    }

    [Test]
    public void ValueLargerThanTheBudget_IsReturnedButNotCached()
    {
        var cache = new FrameCache<int, byte[]>(50, k => new byte[k], v => v.LongLength);
        cache.Get(20);

        var big = cache.Get(80);

        Assert.That(big, Has.Length.EqualTo(80));
        Assert.That(cache.Contains(80), Is.False);
        Assert.That(cache.Contains(20), Is.True, "nothing was evicted for a value that cannot fit");
    }

    [Test]
    public void LoaderFailure_Propagates_AndTheNextRequestRetries()
    {
        var attempts = 0;
        var cache = new FrameCache<int, int[]>(100, k => ++attempts == 1 ? throw new IOException("disk hiccup") : [k], _ => 4);

        Assert.Throws<IOException>(() => cache.Get(1));
        Assert.That(cache.Get(1), Is.EqualTo(new[] { 1 }).AsCollection);
        Assert.That(attempts, Is.EqualTo(2));
    }

    [Test]
    public void NegativeSize_IsRejected()
    {
        var cache = new FrameCache<int, int>(100, k => k, _ => -1);
        Assert.Throws<InvalidOperationException>(() => cache.Get(1));
    }

    [Test]
    public void ConcurrentGets_ReturnCorrectValues_AndStayWithinBudget()
    {
        var loads = new int[64];
        var cache = new FrameCache<int, int[]>(20 * 16, k =>
        {
            Interlocked.Increment(ref loads[k]);
            return [.. Enumerable.Range(k * 4, 4)];
        }, _ => 16);
        var failures = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(worker);
            for (var step = 0; step < 5000; step++)
            {
                var key = random.Next(64);
                var value = cache.Get(key);
                if (value[0] != key * 4 || value[3] != (key * 4) + 3 || cache.CurrentBytes > 20 * 16)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        Assert.That(failures, Is.Zero);
        Assert.That(cache.Hits + cache.Misses, Is.EqualTo(8 * 5000));
        Assert.That(cache.Count, Is.LessThanOrEqualTo(20));
        Assert.That(loads.Sum(), Is.LessThanOrEqualTo(cache.Misses));
    }

    [Test]
    public void ConcurrentMissesOnOneKey_LoadOnce()
    {
        using var release = new ManualResetEventSlim();
        var loads = 0;
        var cache = new FrameCache<int, string>(100, k =>
        {
            Interlocked.Increment(ref loads);
            release.Wait(TimeSpan.FromSeconds(10));
            return "v" + k;
        }, _ => 1);

        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(() => cache.Get(7))).ToArray();
        SpinWait.SpinUntil(() => cache.Misses == 6, TimeSpan.FromSeconds(10));
        release.Set();
        Task.WaitAll(tasks);

        Assert.That(loads, Is.EqualTo(1));
        Assert.That(tasks.Select(t => t.Result), Is.All.EqualTo("v7"));
        Assert.That(cache.Count, Is.EqualTo(1));
    }
}
