using PreflightCheck.Core;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Cli.Commands;

/// <summary>Turns input errors into one line on standard error and exit code 2; never a stack trace.</summary>
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
            Console.Error.WriteLine(Internal(ex));
            return ExitCodes.InputError;
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
            Console.Error.WriteLine(Internal(ex));
            return ExitCodes.InputError;
        }
    }

    // A bug must still end in one line; the type and message are enough to report it.
    private static string Internal(Exception ex) => $"error: internal error ({ex.GetType().Name}): {ex.Message} — please report this";
}
