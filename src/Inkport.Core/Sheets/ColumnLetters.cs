namespace Inkport.Core.Sheets;

/// <summary>Spreadsheet column names: bijective base 26, A = 0, Z = 25, AA = 26, XFD = 16383.</summary>
public static class ColumnLetters
{
    /// <summary>Largest index that still has a name (FXSHRXW); keeps the arithmetic inside <see cref="int"/>.</summary>
    public const int MaxIndex = int.MaxValue - 1;

    public static string FromIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, MaxIndex);
        Span<char> buffer = stackalloc char[8];
        var pos = buffer.Length;
        var n = (long)index + 1;
        while (n > 0)
        {
            n--;
            buffer[--pos] = (char)('A' + (int)(n % 26));
            n /= 26;
        }
        return new string(buffer[pos..]);
    }

    /// <summary>Index of a column name; letters are case-insensitive.</summary>
    /// <exception cref="FormatException">Empty, not letters, or beyond <see cref="MaxIndex"/>.</exception>
    public static int ToIndex(string letters) =>
        TryToIndex(letters, out var index) ? index : throw new FormatException($"'{letters}' is not a column name.");

    public static bool TryToIndex(ReadOnlySpan<char> letters, out int index)
    {
        index = -1;
        if (letters.IsEmpty) return false;
        long n = 0;
        foreach (var ch in letters)
        {
            var c = ch | 0x20;
            if (c < 'a' || c > 'z') return false;
            n = n * 26 + (c - 'a' + 1);
            if (n - 1 > MaxIndex) return false;
        }
        index = (int)(n - 1);
        return true;
    }
}
