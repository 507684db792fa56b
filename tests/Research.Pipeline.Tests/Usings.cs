namespace Research.Pipeline.Tests;
