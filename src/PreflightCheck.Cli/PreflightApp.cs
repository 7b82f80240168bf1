using Cocona;
using Microsoft.Extensions.Logging;
using PreflightCheck.Cli.Commands;

namespace PreflightCheck.Cli;

internal static class PreflightApp
{
    // Cocona answers a command line it cannot parse with 129; the tool's contract says 2.
    private const int CoconaParseError = 129;

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = CoconaApp.CreateBuilder(args, options =>
        {
            options.EnableShellCompletionSupport = false;
            options.TreatPublicMethodsAsCommands = true;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.AddCommands<CheckCommand>();
        app.AddCommands<CatalogCommands>();
        try
        {
            await app.RunAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"error: internal error: {ex.GetType().Name}: {ex.Message}");
            return 2;
        }

        var code = Environment.ExitCode;
        return code == CoconaParseError ? 2 : code;
    }
}
