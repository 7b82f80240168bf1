using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace PreflightCheck.IntegrationTests.Infrastructure;

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed);

internal sealed class ProcessFailedException(string message) : Exception(message);

/// <summary>Runs external tools (openssl, skopeo, htpasswd) with a hard timeout; output never echoes stdin.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool throwOnFailure = true)
    {
        var args = arguments.ToList();
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var sw = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        ChildProcesses.Track(process);
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
            }

            process.StandardInput.Close();

            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ChildProcesses.Kill(process);
                throw new TimeoutException($"{Path.GetFileName(fileName)} {Describe(args)} did not finish within {timeout.TotalSeconds:0.#} s");
            }

            // The parameterless wait flushes the asynchronous output readers.
            process.WaitForExit();
        }
        finally
        {
            ChildProcesses.Untrack(process);
        }

        var result = new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), sw.Elapsed);
        if (throwOnFailure && result.ExitCode != 0)
        {
            throw new ProcessFailedException(
                $"{Path.GetFileName(fileName)} {Describe(args)} exited with {result.ExitCode}: {Truncate(result.StandardError)} {Truncate(result.StandardOutput)}");
        }

        return result;
    }

    // Arguments never carry secrets (passwords go through stdin or auth files), but keep messages short.
    private static string Describe(IEnumerable<string> args) => Truncate(string.Join(' ', args));

    private static string Truncate(string s) => s.Length <= 2000 ? s.Trim() : s[..2000] + "…";
}

/// <summary>Kills every child still alive when the test host exits, so a crashed test leaves no registry behind.</summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Values)
            {
                Kill(p);
            }
        };
    }

    public static void Track(Process process) => Live[process.Id] = process;

    public static void Untrack(Process process) => Live.TryRemove(process.Id, out _);

    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}

/// <summary>A temp directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory("pfc-" + prefix + "-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a still-exiting child may hold a file for a moment.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
