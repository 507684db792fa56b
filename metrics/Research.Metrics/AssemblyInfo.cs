using System.Runtime.CompilerServices;

// Tests reach the SSIM map and the PRNG directly to check them against references and published vectors.
[assembly: InternalsVisibleTo("Research.Metrics.Tests")]
