using Cocona;
using Cocona.Application;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PreflightCheck.Cli.Commands;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Cli;

internal static class PreflightApp
{
    // Cocona ends a help request with 129; asking for help is not an error.
    private const int CoconaHelp = 129;

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = CoconaApp.CreateBuilder(args, options =>
        {
            options.EnableShellCompletionSupport = false;
            options.TreatPublicMethodsAsCommands = true;
        });
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICoconaApplicationMetadataProvider, Metadata>());
        builder.Services.AddSingleton(new CommandLine(args));
        CommandLineErrors.Use(builder.Services);
        var app = builder.Build();
        app.AddCommands<CheckCommand>();
        app.AddCommands<CatalogCommands>();
        app.AddCommands<PinCommand>();
        app.AddCommands<DiagnoseCommand>();
        app.AddCommands<ScanCommand>();
        try
        {
            await app.RunAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(CommandLineErrors.Internal(ex));
            return ExitCodes.InternalError;
        }

        var code = Environment.ExitCode;
        return code == CoconaHelp ? 0 : code;
    }

    // Help must say "preflight" however it is started (dotnet preflight.dll, a tool shim, a published binary).
    private sealed class Metadata : ICoconaApplicationMetadataProvider
    {
        public string GetDescription() => "Checks that a SageMaker model can pull its image from a private Docker registry through its VPC";

        public string GetExecutableName() => "preflight";

        public string GetProductName() => "preflight";

        public string GetVersion() => CheckRunner.ToolVersion;
    }
}
