using System.Globalization;

namespace Inkport.Core.Sheets;

internal enum TokenKind : byte
{
    /// <summary>Text shown as is: quoted strings, escaped characters, currency symbols, spacing.</summary>
    Literal,
    /// <summary>A digit placeholder; <see cref="Token.Letter"/> is '0', '#' or '?'.</summary>
    Digit,
    Point,
    Comma,
    Percent,
    /// <summary>E+ or E-; <see cref="Token.Letter"/> is the sign character.</summary>
    Exponent,
    Slash,
    At,
    General,
    /// <summary>y, m, d, h, s or n (m resolved to minutes); <see cref="Token.Count"/> letters.</summary>
    DatePart,
    /// <summary>AM/PM (Count 2) or A/P (Count 1), in the case it was written.</summary>
    AmPm,
    /// <summary>[h], [m] or [s]: elapsed time.</summary>
    Elapsed,
    /// <summary>Fractions of a second after s: Count digits.</summary>
    SubSecond,
}

internal readonly record struct Token(TokenKind Kind, string Text, char Letter = '\0', int Count = 0);

internal enum ConditionOp : byte { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

internal readonly record struct Condition(ConditionOp Op, double Value)
{
    public bool Matches(double v) => Op switch
    {
        ConditionOp.Less => v < Value,
        ConditionOp.LessOrEqual => v <= Value,
        ConditionOp.Greater => v > Value,
        ConditionOp.GreaterOrEqual => v >= Value,
        ConditionOp.Equal => v == Value,
        _ => v != Value,
    };
}

/// <summary>Splits a format code into sections and a section into tokens.</summary>
internal static class NumberFormatTokenizer
{
    // What Windows shows for the system long date and time locale tags, in en-US.
    private const string SystemLongDate = "dddd, mmmm d, yyyy";
    private const string SystemTime = "h:mm:ss AM/PM";

    /// <summary>Sections split on ';' outside quotes, brackets and escapes.</summary>
    public static List<string> SplitSections(string code)
    {
        var sections = new List<string>(4);
        var start = 0;
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    i = end < 0 ? code.Length : end;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case ';':
                    sections.Add(code[start..i]);
                    start = i + 1;
                    break;
            }
        }
        sections.Add(code[start..]);
        return sections;
    }

    public static List<Token> Tokenize(string section, out Condition? condition)
    {
        condition = null;
        var tokens = new List<Token>();
        var s = section;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            switch (c)
            {
                case '"':
                {
                    var close = s.IndexOf('"', i + 1);
                    if (close < 0) close = s.Length;
                    if (close > i + 1) tokens.Add(Lit(s[(i + 1)..close]));
                    i = close + 1;
                    continue;
                }
                case '\\':
                    if (i + 1 < s.Length) tokens.Add(Lit(s[i + 1].ToString()));
                    i += 2;
                    continue;
                case '_':
                    // Padding as wide as the next character: one space in plain text.
                    tokens.Add(Lit(" "));
                    i += 2;
                    continue;
                case '*':
                    // Repeat-to-fill depends on the column width, which plain text does not have.
                    i += 2;
                    continue;
                case '[':
                {
                    var close = s.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        tokens.Add(Lit(s[i..]));
                        i = s.Length;
                        continue;
                    }
                    var content = s[(i + 1)..close];
                    i = close + 1;
                    if (Bracket(content, tokens, ref condition) is { } replacement)
                        return Tokenize(replacement, out condition);
                    continue;
                }
                case '0' or '#' or '?':
                    tokens.Add(new Token(TokenKind.Digit, c.ToString(), c));
                    break;
                case '.':
                    tokens.Add(new Token(TokenKind.Point, "."));
                    break;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ","));
                    break;
                case '%':
                    tokens.Add(new Token(TokenKind.Percent, "%"));
                    break;
                case '/':
                    tokens.Add(new Token(TokenKind.Slash, "/"));
                    break;
                case '@':
                    tokens.Add(new Token(TokenKind.At, "@"));
                    break;
                case 'E' or 'e' when i + 1 < s.Length && s[i + 1] is '+' or '-':
                    tokens.Add(new Token(TokenKind.Exponent, s.Substring(i, 2), s[i + 1]));
                    i += 2;
                    continue;
                case 'G' or 'g' when string.Compare(s, i, "General", 0, 7, StringComparison.OrdinalIgnoreCase) == 0:
                    tokens.Add(new Token(TokenKind.General, "General"));
                    i += 7;
                    continue;
                case 'A' or 'a' when string.Compare(s, i, "AM/PM", 0, 5, StringComparison.OrdinalIgnoreCase) == 0:
                    tokens.Add(new Token(TokenKind.AmPm, s.Substring(i, 5), Count: 2));
                    i += 5;
                    continue;
                case 'A' or 'a' when string.Compare(s, i, "A/P", 0, 3, StringComparison.OrdinalIgnoreCase) == 0:
                    tokens.Add(new Token(TokenKind.AmPm, s.Substring(i, 3), Count: 1));
                    i += 3;
                    continue;
                case 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S':
                {
                    var letter = char.ToLowerInvariant(c);
                    var run = 1;
                    while (i + run < s.Length && char.ToLowerInvariant(s[i + run]) == letter) run++;
                    tokens.Add(new Token(TokenKind.DatePart, s.Substring(i, run), letter, run));
                    i += run;
                    continue;
                }
                case 'B' or 'b' when i + 1 < s.Length && s[i + 1] is '1' or '2':
                    // Calendar switch (Gregorian / Hijri): only the Gregorian calendar is rendered.
                    i += 2;
                    continue;
                default:
                    tokens.Add(Lit(c.ToString()));
                    break;
            }
            i++;
        }
        return tokens;
    }

    /// <summary>Interprets [..]; returns a replacement section for the system date/time tags.</summary>
    private static string? Bracket(string content, List<Token> tokens, ref Condition? condition)
    {
        if (content.Length == 0) return null;
        if (content[0] == '$')
        {
            var dash = content.IndexOf('-');
            var symbol = dash < 0 ? content[1..] : content[1..dash];
            var locale = dash < 0 ? "" : content[(dash + 1)..];
            if (locale.Equals("F800", StringComparison.OrdinalIgnoreCase) || locale.Equals("x-sysdate", StringComparison.OrdinalIgnoreCase))
                return SystemLongDate;
            if (locale.Equals("F400", StringComparison.OrdinalIgnoreCase) || locale.Equals("x-systime", StringComparison.OrdinalIgnoreCase))
                return SystemTime;
            if (symbol.Length > 0) tokens.Add(Lit(symbol));
            return null;
        }
        if (content[0] is '<' or '>' or '=')
        {
            condition = ParseCondition(content) ?? condition;
            return null;
        }
        var letter = char.ToLowerInvariant(content[0]);
        if (letter is 'h' or 'm' or 's' && content.All(ch => char.ToLowerInvariant(ch) == letter))
            tokens.Add(new Token(TokenKind.Elapsed, content, letter, content.Length));
        // Anything else is a colour ([Red], [Color10]) or a numeral system ([DBNum1]): no effect on text.
        return null;
    }

    private static Condition? ParseCondition(string content)
    {
        var (op, length) = content switch
        {
            _ when content.StartsWith("<=", StringComparison.Ordinal) => (ConditionOp.LessOrEqual, 2),
            _ when content.StartsWith(">=", StringComparison.Ordinal) => (ConditionOp.GreaterOrEqual, 2),
            _ when content.StartsWith("<>", StringComparison.Ordinal) => (ConditionOp.NotEqual, 2),
            _ when content.StartsWith('<') => (ConditionOp.Less, 1),
            _ when content.StartsWith('>') => (ConditionOp.Greater, 1),
            _ => (ConditionOp.Equal, 1),
        };
        return double.TryParse(content.AsSpan(length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new Condition(op, value)
            : null;
    }

    private static Token Lit(string text) => new(TokenKind.Literal, text);
}
