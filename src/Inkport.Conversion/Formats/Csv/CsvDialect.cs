using System.Text;

namespace Inkport.Conversion.Formats.Csv;

/// <summary>Finds a CSV file's delimiter from its first records.</summary>
internal static class CsvDialect
{
    /// <summary>Candidates in tie-break order: the comma wins a tie.</summary>
    private static readonly byte[] Candidates = [(byte)',', (byte)'\t', (byte)';', (byte)'|'];

    private const int SampleRecords = 50;

    /// <summary>The delimiter of an Excel <c>sep=X</c> first line, or null when there is none.</summary>
    public static byte? SepLine(ReadOnlySpan<byte> text)
    {
        if (text.Length < 5 || !Ascii.EqualsIgnoreCase(text[..4], "sep="u8) || !Ascii.IsValid(text[4])) return null;
        var rest = text[5..];
        return rest.IsEmpty || rest[0] is (byte)'\r' or (byte)'\n' ? text[4] : null;
    }

    /// <summary>The candidate that splits the sample's records most consistently: the most records
    /// with the same non-zero number of delimiters, then the larger number. Each candidate is
    /// counted with its own quote-aware pass, since where a quoted field starts depends on it.</summary>
    public static byte Sniff(ReadOnlySpan<byte> sample, bool complete)
    {
        var best = (byte)',';
        var bestRecords = 0;
        var bestCount = 0;
        Span<int> counts = stackalloc int[SampleRecords];
        foreach (var candidate in Candidates)
        {
            var n = Count(sample, candidate, complete, counts);
            var (mode, records) = Mode(counts[..n]);
            if (records > bestRecords || (records == bestRecords && mode > bestCount))
            {
                best = candidate;
                bestRecords = records;
                bestCount = mode;
            }
        }
        return best;
    }

    /// <summary>Delimiters per record for the first records; the last one is dropped when the
    /// sample is cut short, since it may be incomplete.</summary>
    private static int Count(ReadOnlySpan<byte> s, byte delimiter, bool complete, Span<int> counts)
    {
        var records = 0;
        var count = 0;
        var fieldStart = true;
        var i = 0;
        while (i < s.Length && records < counts.Length)
        {
            var c = s[i];
            if (fieldStart && c == '"')
            {
                i++;
                while (i < s.Length)
                {
                    if (s[i] == '"')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '"') { i += 2; continue; }
                        break;
                    }
                    i++;
                }
                i++;
                fieldStart = false;
                continue;
            }
            fieldStart = false;
            if (c == delimiter)
            {
                count++;
                fieldStart = true;
            }
            else if (c is (byte)'\r' or (byte)'\n')
            {
                if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
                counts[records++] = count;
                count = 0;
                fieldStart = true;
            }
            i++;
        }
        if (complete && i >= s.Length && records < counts.Length && (count > 0 || !fieldStart)) counts[records++] = count;
        return records;
    }

    private static (int Mode, int Records) Mode(ReadOnlySpan<int> counts)
    {
        var mode = 0;
        var records = 0;
        foreach (var candidate in counts)
        {
            if (candidate == 0 || candidate == mode) continue;
            var n = 0;
            foreach (var c in counts) if (c == candidate) n++;
            if (n > records || (n == records && candidate > mode)) (mode, records) = (candidate, n);
        }
        return (mode, records);
    }
}
