return await Research.Cli.CliApp.RunAsync(args);
