using PreflightCheck.Core;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Inputs;

/// <summary>Reads a <c>--facts</c> file.</summary>
internal static class FactsFile
{
    public static FactsSnapshot Load(string path) => FactsJson.Parse(SafeFile.ReadAll(path, FactsJson.MaxFileBytes), path);
}
