namespace PreflightCheck.Core;

/// <summary>
/// Bad input from the user: printed as one line naming the file, line and column, exit code 2.
/// Never carries a secret: messages quote structure, not values that could be credentials.
/// </summary>
internal sealed class InputException : Exception
{
    public InputException(string message, string? file = null, int? line = null, int? column = null)
        : base(message)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string? File { get; }

    public int? Line { get; }

    public int? Column { get; }

    public string OneLine()
    {
        if (File is null)
        {
            return $"error: {Message}";
        }

        var where = Line is null ? File : Column is null ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
        return $"error: {where}: {Message}";
    }
}
