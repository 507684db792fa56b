using System.Runtime.CompilerServices;

// Tests check the JPEG kernels (IDCT, FDCT, upsampling, colour conversion) against slow reference versions.
[assembly: InternalsVisibleTo("Research.Media.Tests")]
