using System.Globalization;
using System.Text;

namespace Inkport.Core.Sheets;

/// <summary>One ';'-separated section of a format code, analysed once and rendered many times.</summary>
internal sealed class NumberFormatSection
{
    private enum Role : byte
    {
        None,
        Integer,
        Decimal,
        ExponentDigit,
        FractionInteger,
        Numerator,
        Denominator,
        /// <summary>A decimal point, thousands separator or scaling comma consumed by the layout.</summary>
        Layout,
    }

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
    private static readonly string[] DayNames = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    private readonly Token[] _tokens;
    private readonly Role[] _roles;
    private readonly int[] _integer = [], _decimal = [], _exponent = [], _fractionInteger = [], _numerator = [], _denominator = [];
    private readonly bool _thousands;
    private readonly int _scale;
    private readonly int _percent;
    private readonly int _exponentToken = -1;
    private readonly int _fixedDenominator;
    private readonly int _fractionEnd;
    private readonly bool _hour12;
    private readonly int _subSecondDigits;

    public Condition? Condition { get; }
    public bool IsDate { get; }
    public bool HasText { get; }
    public bool HasDigits { get; }
    public bool IsFraction => _numerator.Length > 0;
    public bool IsEmpty => _tokens.Length == 0;

    public NumberFormatSection(string text)
    {
        var tokens = NumberFormatTokenizer.Tokenize(text, out var condition);
        Condition = condition;
        IsDate = tokens.Exists(t => t.Kind is TokenKind.DatePart or TokenKind.Elapsed or TokenKind.AmPm);
        HasText = tokens.Exists(t => t.Kind == TokenKind.At);
        if (IsDate)
        {
            ResolveDateTokens(tokens);
            _hour12 = tokens.Exists(t => t.Kind == TokenKind.AmPm);
            foreach (var t in tokens)
                if (t.Kind == TokenKind.SubSecond) _subSecondDigits = Math.Max(_subSecondDigits, Math.Min(t.Count, 3));
            _tokens = [.. tokens];
            _roles = new Role[_tokens.Length];
            return;
        }

        _tokens = [.. tokens];
        _roles = new Role[_tokens.Length];
        var digits = Enumerable.Range(0, _tokens.Length).Where(i => _tokens[i].Kind == TokenKind.Digit).ToArray();
        HasDigits = digits.Length > 0;
        _percent = tokens.Count(t => t.Kind == TokenKind.Percent);
        if (!HasDigits) return;
        var first = digits[0];
        var last = digits[^1];

        var slash = -1;
        for (var i = first + 1; i < _tokens.Length && slash < 0; i++)
            if (_tokens[i].Kind == TokenKind.Slash && _tokens[i - 1].Kind == TokenKind.Digit && (i < last || StartsFixedDenominator(i + 1)))
                slash = i;
        for (var i = first + 1; i <= last && slash < 0; i++)
            if (_tokens[i].Kind == TokenKind.Exponent) { _exponentToken = i; break; }

        if (slash >= 0)
        {
            var numeratorStart = slash;
            while (numeratorStart > 0 && _tokens[numeratorStart - 1].Kind == TokenKind.Digit) numeratorStart--;
            _numerator = [.. Enumerable.Range(numeratorStart, slash - numeratorStart)];
            _fractionInteger = [.. digits.Where(i => i < numeratorStart)];
            if (StartsFixedDenominator(slash + 1))
            {
                var text2 = new StringBuilder();
                for (var i = slash + 1; i < _tokens.Length && IsDenominatorDigit(_tokens[i]); i++)
                {
                    text2.Append(_tokens[i].Text);
                    _tokens[i] = new Token(TokenKind.Literal, _tokens[i].Text);
                    _fractionEnd = i;
                }
                _fixedDenominator = int.Parse(text2.ToString(), CultureInfo.InvariantCulture);
            }
            else
            {
                var end = slash + 1;
                while (end < _tokens.Length && _tokens[end].Kind == TokenKind.Digit) end++;
                _denominator = [.. Enumerable.Range(slash + 1, end - slash - 1)];
                _fractionEnd = end - 1;
            }
            foreach (var i in _fractionInteger) _roles[i] = Role.FractionInteger;
            foreach (var i in _numerator) _roles[i] = Role.Numerator;
            foreach (var i in _denominator) _roles[i] = Role.Denominator;
            _roles[slash] = Role.Layout;
            _thousands = MarkCommas(_fractionInteger, numeratorStart, out _scale);
            return;
        }

        var mantissaEnd = _exponentToken >= 0 ? _exponentToken : last + 1;
        var point = -1;
        for (var i = 0; i < mantissaEnd; i++)
            if (_tokens[i].Kind == TokenKind.Point) { point = i; break; }
        var integerEnd = point >= 0 ? point : mantissaEnd;
        _integer = [.. digits.Where(i => i < integerEnd)];
        _decimal = [.. digits.Where(i => i > point && point >= 0 && i < mantissaEnd)];
        _exponent = [.. digits.Where(i => _exponentToken >= 0 && i > _exponentToken)];
        foreach (var i in _integer) _roles[i] = Role.Integer;
        foreach (var i in _decimal) _roles[i] = Role.Decimal;
        foreach (var i in _exponent) _roles[i] = Role.ExponentDigit;
        if (point >= 0) _roles[point] = Role.Layout;
        _thousands = MarkCommas(_integer, integerEnd, out _scale);
    }

    private bool StartsFixedDenominator(int index) =>
        index < _tokens.Length && _tokens[index] is { Kind: TokenKind.Literal, Text: [>= '1' and <= '9'] };

    private static bool IsDenominatorDigit(Token t) =>
        t is { Kind: TokenKind.Digit, Letter: '0' } or { Kind: TokenKind.Literal, Text: [>= '0' and <= '9'] };

    /// <summary>Commas between integer placeholders group thousands; commas right after the last
    /// placeholder scale by 1000 each; any other comma is shown as is.</summary>
    private bool MarkCommas(int[] integer, int integerEnd, out int scale)
    {
        scale = 0;
        var thousands = false;
        for (var i = 0; i < _tokens.Length; i++)
        {
            if (_tokens[i].Kind != TokenKind.Comma) continue;
            if (integer.Length > 0 && i > integer[0] && i < integer[^1] && i < integerEnd)
            {
                thousands = true;
                _roles[i] = Role.Layout;
                continue;
            }
            var before = i - 1;
            while (before >= 0 && _tokens[before].Kind == TokenKind.Comma) before--;
            if (before >= 0 && (_roles[before] is Role.Integer or Role.Decimal or Role.FractionInteger || _tokens[before].Kind == TokenKind.Point))
            {
                scale++;
                _roles[i] = Role.Layout;
            }
        }
        return thousands;
    }

    /// <summary>m and mm mean minutes right after an hour or right before a second; a '.' with zeros after seconds shows fractions.</summary>
    private static void ResolveDateTokens(List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t is { Kind: TokenKind.DatePart, Letter: 'm', Count: <= 2 } &&
                (Neighbour(tokens, i, -1) is 'h' || Neighbour(tokens, i, +1) is 's'))
                tokens[i] = t with { Letter = 'n' };
        }
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != TokenKind.Point || tokens[i - 1] is not ({ Kind: TokenKind.DatePart or TokenKind.Elapsed, Letter: 's' })) continue;
            var zeros = 0;
            while (i + 1 + zeros < tokens.Count && tokens[i + 1 + zeros] is { Kind: TokenKind.Digit, Letter: '0' }) zeros++;
            if (zeros == 0) continue;
            tokens.RemoveRange(i, zeros + 1);
            tokens.Insert(i, new Token(TokenKind.SubSecond, "." + new string('0', zeros), Count: zeros));
        }
    }

    private static char? Neighbour(List<Token> tokens, int index, int step)
    {
        for (var i = index + step; i >= 0 && i < tokens.Count; i += step)
            if (tokens[i].Kind is TokenKind.DatePart or TokenKind.Elapsed) return tokens[i].Letter;
        return null;
    }

    // ---------------------------------------------------------------- numbers

    /// <summary>Renders a non-negative value; the caller owns the minus sign.</summary>
    public string FormatNumber(double value)
    {
        if (IsDate) return FormatDate(value);
        var x = value * Math.Pow(100, _percent) / Math.Pow(1000, _scale);
        var outputs = new string?[_tokens.Length];
        if (IsFraction) FillFraction(x, outputs);
        else if (_exponentToken >= 0) FillScientific(x, outputs);
        else if (HasDigits) FillFixed(x, outputs);
        return Assemble(outputs, value, null);
    }

    public string FormatText(string text) => Assemble(new string?[_tokens.Length], 0, text);

    private string Assemble(string?[] outputs, double value, string? text)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _tokens.Length; i++)
        {
            if (outputs[i] is { } o)
            {
                sb.Append(o);
                continue;
            }
            var t = _tokens[i];
            if (_roles[i] != Role.None) continue;
            switch (t.Kind)
            {
                case TokenKind.At:
                    sb.Append(text ?? ExcelNumberFormat.FormatGeneral(value));
                    break;
                case TokenKind.General:
                    sb.Append(text ?? ExcelNumberFormat.FormatGeneral(value));
                    break;
                default:
                    sb.Append(t.Text);
                    break;
            }
        }
        return sb.ToString();
    }

    private void FillFixed(double x, string?[] outputs)
    {
        var (integer, fraction) = DecimalDigits.Round(x, _decimal.Length);
        FillInteger(_integer, integer, _thousands, outputs);
        FillDecimals(_integer.Length == 0 ? integer : "", fraction, outputs);
    }

    /// <param name="unplaced">Integer digits with no placeholder to go to (".00" still shows 1.50): written before the point.</param>
    private void FillDecimals(string unplaced, string fraction, string?[] outputs)
    {
        var trailing = true;
        for (var k = _decimal.Length - 1; k >= 0; k--)
        {
            var placeholder = _tokens[_decimal[k]].Letter;
            if (trailing && fraction[k] == '0' && placeholder != '0')
            {
                outputs[_decimal[k]] = placeholder == '?' ? " " : "";
                continue;
            }
            trailing = false;
            outputs[_decimal[k]] = fraction[k].ToString();
        }
        foreach (var i in _decimal) outputs[i] ??= "";
        // The decimal point itself has the Layout role; show it once, before the first decimal placeholder or where written.
        for (var i = 0; i < _tokens.Length; i++)
            if (_tokens[i].Kind == TokenKind.Point && _roles[i] == Role.Layout) { outputs[i] = unplaced + "."; break; }
    }

    /// <summary>Right-aligns digits into placeholders: the leftmost takes any overflow; missing digits pad as
    /// '0' → 0, '?' → space, '#' → nothing.</summary>
    private void FillInteger(int[] placeholders, string digits, bool thousands, string?[] outputs)
    {
        if (placeholders.Length == 0) return;
        var next = digits.Length;
        var placed = 0;
        var sb = new StringBuilder();
        for (var k = placeholders.Length - 1; k >= 0; k--)
        {
            sb.Clear();
            var take = k == 0 ? next : Math.Min(next, 1);
            for (var j = 0; j < take; j++) Prepend(digits[--next]);
            if (take == 0)
            {
                switch (_tokens[placeholders[k]].Letter)
                {
                    case '0': Prepend('0'); break;
                    case '?': sb.Insert(0, ' '); break;
                }
            }
            outputs[placeholders[k]] = sb.ToString();
        }

        void Prepend(char digit)
        {
            if (thousands && placed > 0 && placed % 3 == 0) sb.Insert(0, ',');
            sb.Insert(0, digit);
            placed++;
        }
    }

    private void FillScientific(double x, string?[] outputs)
    {
        var integerPlaces = Math.Max(_integer.Length, 1);
        // Engineering forms such as ##0.0E+0 keep the exponent a multiple of the integer placeholders.
        var engineering = _integer.Length > 1 && _integer.Any(i => _tokens[i].Letter == '#');
        var exponent = 0;
        string integer = "", fraction = new('0', _decimal.Length);
        if (x > 0)
        {
            var (digits, point) = DecimalDigits.Decompose(x);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var magnitude = point - 1;
                exponent = engineering
                    ? (int)Math.Floor(magnitude / (double)integerPlaces) * integerPlaces
                    : magnitude - (integerPlaces - 1);
                var rounded = DecimalDigits.RoundSignificant(digits, point, point - exponent + _decimal.Length);
                if (rounded.Point == point)
                {
                    (integer, fraction) = DecimalDigits.Split(rounded.Digits, rounded.Point - exponent, _decimal.Length);
                    break;
                }
                (digits, point) = rounded;
            }
        }
        FillInteger(_integer, integer, _thousands, outputs);
        FillDecimals("", fraction, outputs);

        var sign = exponent < 0 ? "-" : _tokens[_exponentToken].Letter == '+' ? "+" : "";
        var minDigits = _exponent.Count(i => _tokens[i].Letter == '0');
        var magnitudeText = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(minDigits, '0');
        outputs[_exponentToken] = _tokens[_exponentToken].Text[0] + sign;
        foreach (var i in _exponent) outputs[i] = "";
        if (_exponent.Length > 0) outputs[_exponent[0]] = magnitudeText;
        else outputs[_exponentToken] += magnitudeText;
    }

    private void FillFraction(double x, string?[] outputs)
    {
        // Beyond 15 digits a double has no fraction left to show.
        if (x >= 1e15)
        {
            FillInteger(_fractionInteger.Length > 0 ? _fractionInteger : _numerator, DecimalDigits.Round(x, 0).Integer, _thousands, outputs);
            BlankFraction(_fractionInteger.Length > 0 ? _numerator[0] : _numerator[^1] + 1, outputs);
            return;
        }
        long whole = 0;
        var part = x;
        if (_fractionInteger.Length > 0)
        {
            whole = (long)Math.Floor(x);
            part = x - whole;
        }
        long numerator, denominator;
        if (_fixedDenominator > 0)
        {
            denominator = _fixedDenominator;
            numerator = (long)Math.Round(part * denominator, MidpointRounding.AwayFromZero);
        }
        else
        {
            (numerator, denominator) = BestFraction(part, (int)Math.Min(Math.Pow(10, Math.Max(_denominator.Length, 1)) - 1, 9999));
        }
        if (_fractionInteger.Length > 0 && numerator == denominator)
        {
            whole++;
            numerator = 0;
        }

        var wholeText = whole == 0 ? "" : whole.ToString(CultureInfo.InvariantCulture);
        if (_fractionInteger.Length > 0 && whole == 0 && numerator == 0) wholeText = "0";
        FillInteger(_fractionInteger, wholeText, _thousands, outputs);

        if (_fractionInteger.Length > 0 && numerator == 0)
        {
            BlankFraction(_numerator[0], outputs);
            return;
        }

        FillInteger(_numerator, numerator.ToString(CultureInfo.InvariantCulture), false, outputs);
        outputs[_numerator[^1] + 1] = "/";
        if (_denominator.Length == 0) return;
        var denominatorText = denominator.ToString(CultureInfo.InvariantCulture);
        for (var k = 0; k < _denominator.Length; k++)
        {
            var placeholder = _tokens[_denominator[k]].Letter;
            outputs[_denominator[k]] = k < denominatorText.Length
                ? (k == _denominator.Length - 1 ? denominatorText[k..] : denominatorText[k].ToString())
                : placeholder switch { '0' => "0", '?' => " ", _ => "" };
        }
    }

    /// <summary>A whole number keeps the fraction's width, as blanks.</summary>
    private void BlankFraction(int from, string?[] outputs)
    {
        for (var i = from; i <= _fractionEnd; i++)
            outputs[i] = new string(' ', _tokens[i].Text.Length);
    }

    /// <summary>The closest fraction with a denominator up to <paramref name="maxDenominator"/>; ties go to the smaller denominator.</summary>
    private static (long Numerator, long Denominator) BestFraction(double x, int maxDenominator)
    {
        long bestN = (long)Math.Round(x, MidpointRounding.AwayFromZero), bestD = 1;
        var bestError = Math.Abs(x - bestN);
        for (var d = 2; d <= maxDenominator && bestError > 0; d++)
        {
            var n = (long)Math.Round(x * d, MidpointRounding.AwayFromZero);
            var error = Math.Abs(x - (double)n / d);
            if (error < bestError - 1e-12)
            {
                bestError = error;
                bestN = n;
                bestD = d;
            }
        }
        return (bestN, bestD);
    }

    // ---------------------------------------------------------------- dates

    private string FormatDate(double value)
    {
        if (value < 0 || value >= ExcelSerialDate.End) return ExcelNumberFormat.FormatGeneral(value);
        var unit = (long)Math.Pow(10, _subSecondDigits);
        var perDay = 86_400L * unit;
        // Excel rounds to the finest unit the format shows (a second, or a fraction of one), then truncates the rest.
        var total = (long)Math.Round(value * perDay, MidpointRounding.AwayFromZero);
        var days = total / perDay;
        var secondsOfDay = total % perDay / unit;
        var subSecond = total % unit;
        var totalSeconds = total / unit;
        var (year, month, day, weekday) = ExcelSerialDate.Parts(days);
        var hour = (int)(secondsOfDay / 3600);
        var minute = (int)(secondsOfDay / 60 % 60);
        var second = (int)(secondsOfDay % 60);

        var sb = new StringBuilder();
        foreach (var t in _tokens)
        {
            switch (t.Kind)
            {
                case TokenKind.DatePart:
                    switch (t.Letter)
                    {
                        case 'y':
                            sb.Append(t.Count <= 2 ? (year % 100).ToString("00", CultureInfo.InvariantCulture) : year.ToString("0000", CultureInfo.InvariantCulture));
                            break;
                        case 'm':
                            sb.Append(t.Count switch
                            {
                                1 => month.ToString(CultureInfo.InvariantCulture),
                                2 => month.ToString("00", CultureInfo.InvariantCulture),
                                3 => MonthNames[month - 1][..3],
                                5 => MonthNames[month - 1][..1],
                                _ => MonthNames[month - 1],
                            });
                            break;
                        case 'd':
                            sb.Append(t.Count switch
                            {
                                1 => day.ToString(CultureInfo.InvariantCulture),
                                2 => day.ToString("00", CultureInfo.InvariantCulture),
                                3 => DayNames[weekday][..3],
                                _ => DayNames[weekday],
                            });
                            break;
                        case 'h':
                            var shown = _hour12 ? (hour % 12 == 0 ? 12 : hour % 12) : hour;
                            sb.Append(shown.ToString(t.Count >= 2 ? "00" : "0", CultureInfo.InvariantCulture));
                            break;
                        case 'n':
                            sb.Append(minute.ToString(t.Count >= 2 ? "00" : "0", CultureInfo.InvariantCulture));
                            break;
                        case 's':
                            sb.Append(second.ToString(t.Count >= 2 ? "00" : "0", CultureInfo.InvariantCulture));
                            break;
                    }
                    break;
                case TokenKind.Elapsed:
                    var elapsed = t.Letter switch
                    {
                        'h' => totalSeconds / 3600,
                        'm' => totalSeconds / 60,
                        _ => totalSeconds,
                    };
                    sb.Append(elapsed.ToString(new string('0', t.Count), CultureInfo.InvariantCulture));
                    break;
                case TokenKind.SubSecond:
                    var digits = subSecond.ToString(new string('0', _subSecondDigits), CultureInfo.InvariantCulture);
                    sb.Append('.').Append(digits[..Math.Min(t.Count, digits.Length)]);
                    break;
                case TokenKind.AmPm:
                    var pm = hour >= 12;
                    if (t.Count == 2) sb.Append(pm ? Cased("PM", t.Text[0]) : Cased("AM", t.Text[0]));
                    else sb.Append(pm ? Cased("P", t.Text[0]) : Cased("A", t.Text[0]));
                    break;
                case TokenKind.At or TokenKind.General:
                    break;
                default:
                    sb.Append(t.Text);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>AM/PM markers follow the case of the code's first letter ("am/pm" → "pm").</summary>
    private static string Cased(string marker, char written) =>
        char.IsLower(written) ? marker.ToLowerInvariant() : marker;
}
