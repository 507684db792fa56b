namespace Research.Cli.Tests;
