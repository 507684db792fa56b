namespace Research.Media.Tests;
