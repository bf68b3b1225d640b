using System.Text;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>Moves an A1-style formula by a row and column offset, as Excel does when it fills a
/// shared formula (<c>&lt;f t="shared" si=".."&gt;</c>) from its master cell into the other cells of
/// its range: relative references shift, <c>$</c>-anchored parts stay, a reference shifted off the
/// grid becomes <c>#REF!</c>. String literals, quoted sheet names, structured references
/// (<c>Table[Column]</c>), function names and defined names are left alone.</summary>
internal static class FormulaShifter
{
    public const int MaxRows = 1_048_576;
    public const int MaxColumns = 16_384;

    public static string Shift(string formula, int rows, int columns)
    {
        if (rows == 0 && columns == 0) return formula;
        var result = new StringBuilder(formula.Length + 8);
        var i = 0;
        while (i < formula.Length)
        {
            var c = formula[i];
            if (c is '"' or '\'' or '[')
            {
                var end = SkipQuoted(formula, i);
                result.Append(formula, i, end - i);
                i = end;
                continue;
            }
            if (IsWordChar(c) || c == '$')
            {
                var end = i;
                while (end < formula.Length && (IsWordChar(formula[end]) || formula[end] == '$')) end++;
                var word = formula.AsSpan(i, end - i);
                var precededByWord = i > 0 && (IsWordChar(formula[i - 1]) || formula[i - 1] == '.');
                var isCall = end < formula.Length && formula[end] is '(' or '[';
                var isSheetName = end < formula.Length && formula[end] == '!';
                if (precededByWord || isCall || isSheetName || !TryShiftReference(word, formula, end, rows, columns, result))
                    result.Append(word);
                i = end;
                continue;
            }
            result.Append(c);
            i++;
        }
        return result.ToString();
    }

    private static int SkipQuoted(string formula, int start)
    {
        var close = formula[start] == '[' ? ']' : formula[start];
        var depth = 0;
        for (var i = start; i < formula.Length; i++)
        {
            var c = formula[i];
            if (close == ']')
            {
                if (c == '[') depth++;
                else if (c == ']' && --depth == 0) return i + 1;
                continue;
            }
            if (i > start && c == close)
            {
                if (i + 1 < formula.Length && formula[i + 1] == close) { i++; continue; }
                return i + 1;
            }
        }
        return formula.Length;
    }

    /// <summary>A cell reference (<c>$A$1</c>), a column (<c>A</c> of <c>A:C</c>) or a row (<c>3</c> of <c>3:5</c>).</summary>
    private static bool TryShiftReference(ReadOnlySpan<char> word, string formula, int end, int rows, int columns, StringBuilder result)
    {
        var p = 0;
        var columnAbsolute = p < word.Length && word[p] == '$';
        if (columnAbsolute) p++;
        var letters = p;
        while (p < word.Length && char.IsAsciiLetter(word[p])) p++;
        var letterCount = p - letters;
        var rowAbsolute = p < word.Length && word[p] == '$';
        if (rowAbsolute) p++;
        var digits = p;
        while (p < word.Length && char.IsAsciiDigit(word[p])) p++;
        var digitCount = p - digits;
        if (p != word.Length || letterCount > 3 || (letterCount == 0 && digitCount == 0)) return false;
        if (rowAbsolute && digitCount == 0) return false;

        var inRange = (end < formula.Length && formula[end] == ':') || IsAfterColon(formula, end - word.Length);
        if (letterCount > 0 && digitCount == 0 && !inRange) return false;
        if (letterCount == 0 && !inRange) return false;

        var column = 0;
        if (letterCount > 0)
        {
            column = ColumnNumber(word.Slice(letters, letterCount));
            if (column > MaxColumns) return false;
        }
        var row = 0;
        if (digitCount > 0 && !int.TryParse(word.Slice(digits, digitCount), out row)) return false;
        if (digitCount > 0 && (row < 1 || row > MaxRows)) return false;

        if (letterCount == 0)
        {
            // A whole-row reference ("3" in 3:5); here a leading '$' anchors the row.
            if (!columnAbsolute) row += rows;
            if (row < 1 || row > MaxRows) { result.Append("#REF!"); return true; }
            result.Append(columnAbsolute ? "$" : "").Append(row);
            return true;
        }
        if (!columnAbsolute) column += columns;
        if (digitCount > 0 && !rowAbsolute) row += rows;
        if (column < 1 || column > MaxColumns || (digitCount > 0 && (row < 1 || row > MaxRows)))
        {
            result.Append("#REF!");
            return true;
        }
        if (columnAbsolute) result.Append('$');
        result.Append(ConversionException.ColumnName(column - 1));
        if (digitCount > 0)
        {
            if (rowAbsolute) result.Append('$');
            result.Append(row);
        }
        return true;
    }

    private static bool IsAfterColon(string formula, int start) => start > 0 && formula[start - 1] == ':';

    private static int ColumnNumber(ReadOnlySpan<char> letters)
    {
        var column = 0;
        foreach (var l in letters) column = column * 26 + (char.ToUpperInvariant(l) - 'A' + 1);
        return column;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '\\' || c > 127;
}
