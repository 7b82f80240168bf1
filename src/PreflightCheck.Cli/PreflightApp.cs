using Cocona;
using Cocona.Application;
using Cocona.Builder;
using Cocona.Command;
using Cocona.Command.Binder;
using Cocona.Command.Binder.Validation;
using Cocona.Command.BuiltIn;
using Cocona.Command.Dispatcher;
using Cocona.Command.Dispatcher.Middlewares;
using Cocona.CommandLine;
using Cocona.Help;
using Cocona.Localization.Internal;
using Microsoft.Extensions.DependencyInjection;
using PreflightCheck.Cli.Commands;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Cli;

/// <summary>
/// Cocona's command model, binder and help started without the Generic Host: the host's configuration, logging and
/// lifetime cost most of a cold start and a short-lived command uses none of them.
/// </summary>
internal static class PreflightApp
{
    // Cocona ends a help request with 129; asking for help is not an error.
    private const int CoconaHelp = 129;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var services = Services(args).BuildServiceProvider();
            services.GetRequiredService<ICoconaCommandDispatcherPipelineBuilder>()
                .UseMiddleware<HandleExceptionAndExitMiddleware>()
                .UseMiddleware<HandleParameterBindExceptionMiddleware>()
                .UseMiddleware<RejectUnknownOptionsMiddleware>()
                .UseMiddleware<CommandFilterMiddleware>()
                .UseMiddleware<CoconaCommandInvokeMiddleware>();
            var bootstrapper = services.GetRequiredService<ICoconaBootstrapper>();
            bootstrapper.Initialize();
            var code = await bootstrapper.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return code == CoconaHelp ? 0 : code;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(CommandLineErrors.Internal(ex));
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The services Cocona's hosting registers, less shell completion (off) and the host itself.</summary>
    private static ServiceCollection Services(string[] args)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICoconaInstanceActivator, Activator>();
        services.AddSingleton<ICoconaServiceProviderIsService, Registered>();
        services.AddSingleton<ICoconaServiceProviderScopeSupport, Scopes>();
        services.AddSingleton<ICoconaCommandProvider>(sp =>
        {
            var commands = new CoconaCommandsBuilder();
            commands.AddCommands<CheckCommand>();
            commands.AddCommands<CatalogCommands>();
            commands.AddCommands<PinCommand>();
            commands.AddCommands<DiagnoseCommand>();
            commands.AddCommands<ScanCommand>();
            const CommandProviderOptions options = CommandProviderOptions.TreatPublicMethodAsCommands | CommandProviderOptions.OptionNameToLowerCase
                | CommandProviderOptions.CommandNameToLowerCase | CommandProviderOptions.ArgumentNameToLowerCase;
            return new CoconaBuiltInCommandProvider(
                new CoconaCommandProvider(((ICoconaCommandsBuilder)commands).Build(), options, sp.GetRequiredService<ICoconaServiceProviderIsService>()),
                enableShellCompletionSupport: false);
        });
        services.AddSingleton<ICoconaEnvironmentProvider, DefaultCoconaEnvironmentProvider>();
        services.AddSingleton<ICoconaCommandLineArgumentProvider>(new CoconaCommandLineArgumentProvider(args));
        services.AddSingleton(new CommandLine(args));
        services.AddSingleton<ICoconaCommandDispatcherPipelineBuilder, CoconaCommandDispatcherPipelineBuilder>();
        services.AddSingleton<ICoconaAppContextAccessor, CoconaAppContextAccessor>();
        services.AddSingleton<ICoconaApplicationMetadataProvider, Metadata>();
        services.AddSingleton<ICoconaConsoleProvider, CoconaConsoleProvider>();
        services.AddSingleton<ICoconaParameterValidatorProvider, DataAnnotationsParameterValidatorProvider>();
        services.AddSingleton<ICoconaBootstrapper, CoconaBootstrapper>();
        services.AddTransient<ICoconaParameterBinder, CoconaParameterBinder>();
        services.AddTransient<ICoconaValueConverter, CoconaValueConverter>();
        services.AddTransient<ICoconaCommandLineParser, CoconaCommandLineParser>();
        services.AddTransient<ICoconaCommandDispatcher, CoconaCommandDispatcher>();
        services.AddTransient<ICoconaCommandMatcher, CoconaCommandMatcher>();
        services.AddTransient<ICoconaCommandResolver, CoconaCommandResolver>();
        services.AddTransient<ICoconaHelpRenderer, CoconaHelpRenderer>();
        services.AddTransient<ICoconaCommandHelpProvider, CoconaCommandHelpProvider>();
        services.AddTransient<ICoconaHelpMessageBuilder, CoconaHelpMessageBuilder>();
        services.AddTransient<CoconaLocalizerWrapper>();
        services.AddTransient(sp => sp.GetRequiredService<ICoconaAppContextAccessor>().Current!);
        CommandLineErrors.Use(services);
        return services;
    }

    private sealed class Activator : ICoconaInstanceActivator
    {
        public object? GetServiceOrCreateInstance(IServiceProvider serviceProvider, Type instanceType) =>
            ActivatorUtilities.GetServiceOrCreateInstance(serviceProvider, instanceType);

        public object? CreateInstance(IServiceProvider serviceProvider, Type instanceType, object[]? parameters) =>
            ActivatorUtilities.CreateInstance(serviceProvider, instanceType, parameters ?? []);
    }

    private sealed class Registered(IServiceProvider services) : ICoconaServiceProviderIsService
    {
        public bool IsService(Type t) => services.GetService<IServiceProviderIsService>()?.IsService(t) ?? false;
    }

    private sealed class Scopes : ICoconaServiceProviderScopeSupport
    {
        public (IDisposable Scope, IServiceProvider ScopedServiceProvider) CreateScope(IServiceProvider serviceProvider)
        {
            var scope = serviceProvider.CreateScope();
            return (scope, scope.ServiceProvider);
        }

        public (IAsyncDisposable Scope, IServiceProvider ScopedServiceProvider) CreateAsyncScope(IServiceProvider serviceProvider)
        {
            var scope = serviceProvider.CreateAsyncScope();
            return (scope, scope.ServiceProvider);
        }
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
