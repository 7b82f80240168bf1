using PreflightCheck.Cli;

return await PreflightApp.RunAsync(args);
