namespace PreflightCheck.Reporting;

/// <summary>The JSON Schema (draft 2020-12) of the json format, embedded so that the CLI can print it and tests can validate against it.</summary>
internal static class ReportSchema
{
    public const string ResourceName = "schemas/report.schema.json";

    public static string Text()
    {
        using var stream = typeof(ReportSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
