namespace Research.Metrics.Tests;
