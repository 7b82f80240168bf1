using PreflightCheck.Core;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Cli.Commands;

/// <summary>Turns input errors into one line on standard error and exit code 2, a bug into one line and 70; never a stack trace.</summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputException ex)
        {
            Console.Error.WriteLine(ex.OneLine());
            return ExitCodes.InputError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine(CommandLineErrors.Internal(ex));
            return ExitCodes.InternalError;
        }
    }

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (InputException ex)
        {
            Console.Error.WriteLine(ex.OneLine());
            return ExitCodes.InputError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine(CommandLineErrors.Internal(ex));
            return ExitCodes.InternalError;
        }
    }
}
