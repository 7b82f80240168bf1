using System.Globalization;
using Cocona.Application;
using Cocona.Command;
using Cocona.Command.Binder;
using Cocona.Command.Dispatcher;
using Cocona.Command.Dispatcher.Middlewares;
using Cocona.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Cli;

/// <summary>
/// Cocona's answers to a command line it cannot use (several lines, exit 1 or 129) replaced by the tool's contract:
/// one line on standard error saying what to do instead, and exit code 2; an exception nobody caught is one line and 70.
/// </summary>
internal static class CommandLineErrors
{
    public static void Use(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ICoconaBootstrapper, Bootstrapper>());
        services.Replace(ServiceDescriptor.Singleton<ICoconaCommandDispatcherPipelineBuilder>(sp =>
            new Pipeline(ActivatorUtilities.CreateInstance<CoconaCommandDispatcherPipelineBuilder>(sp))));
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.InputError;
    }

    private static string Help(CommandDescriptor command) =>
        command.Method.DeclaringType?.Assembly == typeof(CommandLineErrors).Assembly ? $"'preflight {command.Name} --help'" : "'preflight --help'";

    private static string Option(string name) => name.Length == 1 ? $"-{name}" : $"--{name}";

    /// <summary>Cocona's own bootstrapper, except that an unknown command is one line with the nearest commands.</summary>
    private sealed class Bootstrapper(
        ICoconaCommandLineArgumentProvider arguments,
        ICoconaCommandProvider commands,
        ICoconaCommandResolver resolver,
        ICoconaCommandDispatcher dispatcher) : ICoconaBootstrapper
    {
        private CommandCollection? _commands;

        public void Initialize() => _commands = commands.GetCommandCollection();

        public async ValueTask<int> RunAsync(CancellationToken cancellationToken)
        {
            var all = _commands ?? throw new InvalidOperationException("Initialize was not called");
            try
            {
                return await dispatcher.DispatchAsync(resolver.ParseAndResolve(all, arguments.GetArguments()), cancellationToken).ConfigureAwait(false);
            }
            catch (CommandNotFoundException ex)
            {
                var names = all.All.Where(c => !c.IsHidden && !c.IsPrimaryCommand).Select(c => c.Name).ToArray();
                return Fail($"'{ex.Command}' is not a preflight command{Suggestions.DidYouMean(ex.Command, names)} (commands: {string.Join(", ", names)})");
            }
        }
    }

    /// <summary>Cocona's pipeline with its three error-handling steps swapped for the ones below.</summary>
    private sealed class Pipeline(ICoconaCommandDispatcherPipelineBuilder inner) : ICoconaCommandDispatcherPipelineBuilder
    {
        public ICoconaCommandDispatcherPipelineBuilder UseMiddleware<T>()
            where T : CommandDispatcherMiddleware
        {
            if (typeof(T) == typeof(HandleExceptionAndExitMiddleware))
            {
                inner.UseMiddleware((next, _) => new InternalErrors(next));
            }
            else if (typeof(T) == typeof(HandleParameterBindExceptionMiddleware))
            {
                inner.UseMiddleware((next, _) => new BindErrors(next));
            }
            else if (typeof(T) == typeof(RejectUnknownOptionsMiddleware))
            {
                inner.UseMiddleware((next, _) => new Unexpected(next));
            }
            else
            {
                inner.UseMiddleware<T>();
            }

            return this;
        }

        public ICoconaCommandDispatcherPipelineBuilder UseMiddleware(Func<CommandDispatchDelegate, CommandDispatchContext, ValueTask<int>> commandDispatchDelegate)
        {
            inner.UseMiddleware(commandDispatchDelegate);
            return this;
        }

        public ICoconaCommandDispatcherPipelineBuilder UseMiddleware(Func<CommandDispatchDelegate, IServiceProvider, CommandDispatcherMiddleware> factory)
        {
            inner.UseMiddleware(factory);
            return this;
        }

        public CommandDispatchDelegate Build() => inner.Build();
    }

    private sealed class InternalErrors(CommandDispatchDelegate next) : CommandDispatcherMiddleware(next)
    {
        public override async ValueTask<int> DispatchAsync(CommandDispatchContext ctx)
        {
            try
            {
                return await Next(ctx).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Console.Error.WriteLine(Internal(ex));
                return ExitCodes.InternalError;
            }
        }
    }

    /// <summary>A bug must still end in one line; the type and message are enough to report it.</summary>
    public static string Internal(Exception ex) =>
        $"error: internal error ({ex.GetType().Name}): {ex.Message.ReplaceLineEndings(" ")} (exit {ExitCodes.InternalError}: a bug in preflight, please report it)";

    /// <summary>A missing argument, a missing option or option value, or a value of the wrong type.</summary>
    private sealed class BindErrors(CommandDispatchDelegate next) : CommandDispatcherMiddleware(next)
    {
        public override async ValueTask<int> DispatchAsync(CommandDispatchContext ctx)
        {
            try
            {
                return await Next(ctx).ConfigureAwait(false);
            }
            catch (ParameterBinderException ex)
            {
                var command = ctx.Command;
                return Fail(ex.Result switch
                {
                    ParameterBinderResult.InsufficientArgument when ex.Argument is { } argument =>
                        $"{command.Name} needs {argument.Name.ToUpperInvariant()} ({argument.Description}); see {Help(command)}",
                    ParameterBinderResult.InsufficientOption when ex.Option is { } option =>
                        $"{command.Name} needs {Option(option.Name)} {option.ValueName} ({option.Description}); see {Help(command)}",
                    ParameterBinderResult.InsufficientOptionValue when ex.Option is { } option =>
                        $"{Option(option.Name)} needs a value: {Option(option.Name)} {option.ValueName}; see {Help(command)}",
                    _ when ex.Option is { } option =>
                        $"{Option(option.Name)} '{Given(ctx.ParsedCommandLine, option)}' is not {Kind(option.UnwrappedOptionType)}; see {Help(command)}",
                    _ when ex.Argument is { } argument =>
                        $"{argument.Name.ToUpperInvariant()} is not {Kind(argument.UnwrappedArgumentType)}; see {Help(command)}",
                    _ => $"the command line could not be read ({ex.Message}); see {Help(command)}",
                });
            }
        }

        private static string? Given(ParsedCommandLine line, CommandOptionDescriptor option) =>
            line.Options.Where(o => o.Option.Name == option.Name).Select(o => o.Value)
                .LastOrDefault(v => !Parses(v, option.UnwrappedOptionType)) ?? line.Options.LastOrDefault(o => o.Option.Name == option.Name).Value;

        private static bool Parses(string? value, Type type) =>
            type == typeof(double) ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            : type == typeof(int) ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            : type == typeof(bool) ? bool.TryParse(value, out _)
            : true;

        private static string Kind(Type type) =>
            type == typeof(double) ? "a number"
            : type == typeof(int) ? "a whole number"
            : type == typeof(bool) ? "true or false"
            : $"a valid {type.Name}";
    }

    /// <summary>An option the command does not have, or more arguments than it takes: refused, never ignored.</summary>
    private sealed class Unexpected(CommandDispatchDelegate next) : CommandDispatcherMiddleware(next)
    {
        public override ValueTask<int> DispatchAsync(CommandDispatchContext ctx)
        {
            var command = ctx.Command;
            var line = ctx.ParsedCommandLine;
            if (line.UnknownOptions.Count > 0 && !command.Flags.HasFlag(CommandFlags.IgnoreUnknownOptions))
            {
                var unknown = line.UnknownOptions[0];
                var known = command.Options.Where(o => !o.IsHidden).Select(o => Option(o.Name))
                    .Concat(command.OptionLikeCommands.Where(o => !o.IsHidden).Select(o => Option(o.Name)));
                var where = command.IsPrimaryCommand ? "preflight" : command.Name;
                return new(Fail($"unknown option '{Option(unknown)}' for {where}{Suggestions.DidYouMean(Option(unknown), known)}; see {Help(command)}"));
            }

            var ours = command.Method.DeclaringType?.Assembly == typeof(CommandLineErrors).Assembly;
            if (ours && !command.Arguments.Any(a => a.IsEnumerableLike) && line.Arguments.Count > command.Arguments.Count)
            {
                var extra = line.Arguments[command.Arguments.Count].Value;
                var takes = command.Arguments.Count switch
                {
                    0 => "takes no arguments",
                    1 => $"takes one {command.Arguments[0].Name.ToUpperInvariant()}",
                    var n => $"takes {n.ToString(CultureInfo.InvariantCulture)} arguments ({string.Join(' ', command.Arguments.Select(a => a.Name.ToUpperInvariant()))})",
                };
                return new(Fail($"unexpected argument '{extra}': {command.Name} {takes}; see {Help(command)}"));
            }

            return Next(ctx);
        }
    }
}
