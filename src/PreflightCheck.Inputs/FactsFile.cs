using PreflightCheck.Core;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Inputs;

/// <summary>Reads a <c>--facts</c> file.</summary>
internal static class FactsFile
{
    public static FactsSnapshot Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("file not found", path);
        }

        return FactsJson.Parse(File.ReadAllBytes(path), path);
    }
}
