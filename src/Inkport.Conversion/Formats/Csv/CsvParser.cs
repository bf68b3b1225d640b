namespace Inkport.Conversion.Formats.Csv;

/// <summary>A lenient RFC 4180 record reader over a <see cref="TextReader"/>: quoted fields with
/// doubled quotes and embedded line breaks, CR / LF / CRLF record ends, ragged records, and a
/// quote inside an unquoted field kept literally. It never fails: an unclosed quote runs to the end.
/// Memory is bounded: one char buffer, and each field keeps at most <c>maxFieldChars</c> chars
/// (the rest is counted as truncated) and at most <c>maxFields</c> fields a record are kept.</summary>
internal sealed class CsvParser
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly int _maxFieldChars;
    private readonly int _maxFields;
    private readonly char[] _buf = new char[BufferSize];
    private int _pos;
    private int _len;
    private bool _eof;

    // The current record: the kept fields' chars back to back, and where each field ends.
    private char[] _chars = new char[4096];
    private int _charCount;
    private int[] _ends = new int[64];
    private bool[] _truncated = new bool[64];
    private int _fieldCount;
    private int _fieldStart;

    public CsvParser(TextReader reader, int maxFieldChars, int maxFields)
    {
        _reader = reader;
        _maxFieldChars = maxFieldChars;
        _maxFields = maxFields;
        Fill();
    }

    public char Delimiter { get; set; } = ',';

    /// <summary>Whether the last record had non-empty fields beyond <c>maxFields</c> (read and dropped).</summary>
    public bool DroppedContent { get; private set; }

    /// <summary>Whether <see cref="Buffered"/> holds the whole rest of the input.</summary>
    public bool BufferedAll => _eof;

    public int FieldCount => _fieldCount;

    public ReadOnlySpan<char> Field(int i)
    {
        var start = i == 0 ? 0 : _ends[i - 1];
        return _chars.AsSpan(start, _ends[i] - start);
    }

    /// <summary>Whether field <paramref name="i"/> was longer than the field limit.</summary>
    public bool Truncated(int i) => _truncated[i];

    /// <summary>The text buffered so far, for sniffing before the first record is read.</summary>
    public ReadOnlySpan<char> Buffered
    {
        get
        {
            // Top the buffer up so that the sniffer sees a full sample, not one short read.
            while (!_eof && _len < _buf.Length)
            {
                var n = _reader.Read(_buf, _len, _buf.Length - _len);
                if (n == 0) _eof = true;
                else _len += n;
            }
            return _buf.AsSpan(_pos, _len - _pos);
        }
    }

    /// <summary>Skips the rest of the current line (an Excel <c>sep=</c> line).</summary>
    public void SkipLine()
    {
        while (true)
        {
            if (_pos == _len && !Fill()) return;
            var c = _buf[_pos++];
            if (c == '\n') return;
            if (c == '\r')
            {
                if ((_pos < _len || Fill()) && _buf[_pos] == '\n') _pos++;
                return;
            }
        }
    }

    /// <summary>Reads the next record; false at the end of the input.</summary>
    public bool Next()
    {
        _charCount = 0;
        _fieldCount = 0;
        _truncated[0] = false;
        DroppedContent = false;
        if (_pos == _len && !Fill()) return false;
        var delimiter = Delimiter;
        while (true)
        {
            BeginField();
            if (_pos == _len && !Fill())
            {
                EndField();
                return true;
            }
            if (_buf[_pos] == '"')
            {
                _pos++;
                ReadQuoted();
            }
            // Unquoted text, or what follows a closing quote, runs to the delimiter or line end.
            char terminator;
            while (true)
            {
                if (_pos == _len && !Fill())
                {
                    EndField();
                    return true;
                }
                var span = _buf.AsSpan(_pos, _len - _pos);
                var at = Find(span, delimiter);
                if (at < 0)
                {
                    Append(span);
                    _pos = _len;
                    continue;
                }
                Append(span[..at]);
                terminator = span[at];
                _pos += at + 1;
                break;
            }
            EndField();
            if (terminator == delimiter) continue;
            if (terminator == '\r' && (_pos < _len || Fill()) && _buf[_pos] == '\n') _pos++;
            return true;
        }
    }

    /// <summary>The first delimiter or line break: a plain loop over the first chars, since most
    /// fields are short and a vectorised search costs more to start than it saves on them.</summary>
    private static int Find(ReadOnlySpan<char> span, char delimiter)
    {
        const int Scalar = 16;
        var head = Math.Min(span.Length, Scalar);
        for (var i = 0; i < head; i++)
        {
            var c = span[i];
            if (c == delimiter || c == '\n' || c == '\r') return i;
        }
        if (span.Length <= Scalar) return -1;
        var at = span[Scalar..].IndexOfAny(delimiter, '\r', '\n');
        return at < 0 ? -1 : at + Scalar;
    }

    private void ReadQuoted()
    {
        while (true)
        {
            if (_pos == _len && !Fill()) return;
            var span = _buf.AsSpan(_pos, _len - _pos);
            var at = span.IndexOf('"');
            if (at < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }
            Append(span[..at]);
            _pos += at + 1;
            if ((_pos < _len || Fill()) && _buf[_pos] == '"')
            {
                Append("\"");
                _pos++;
                continue;
            }
            return;
        }
    }

    private void BeginField() => _fieldStart = _charCount;

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        if (_fieldCount >= _maxFields)
        {
            DroppedContent = true;
            return;
        }
        var room = _maxFieldChars - (_charCount - _fieldStart);
        if (text.Length > room)
        {
            EnsureFieldSlot();
            _truncated[_fieldCount] = true;
            text = text[..Math.Max(room, 0)];
        }
        if (_charCount + text.Length > _chars.Length)
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + text.Length));
        text.CopyTo(_chars.AsSpan(_charCount));
        _charCount += text.Length;
    }

    private void EnsureFieldSlot()
    {
        if (_fieldCount < _ends.Length) return;
        Array.Resize(ref _ends, _ends.Length * 2);
        Array.Resize(ref _truncated, _truncated.Length * 2);
    }

    private void EndField()
    {
        if (_fieldCount >= _maxFields) return;
        EnsureFieldSlot();
        _ends[_fieldCount] = _charCount;
        _fieldCount++;
        if (_fieldCount < _truncated.Length) _truncated[_fieldCount] = false;
    }

    private bool Fill()
    {
        if (_eof) return false;
        // Keep unread chars (only the sniffing top-up leaves some) at the front.
        var keep = _len - _pos;
        if (keep > 0 && _pos > 0) Array.Copy(_buf, _pos, _buf, 0, keep);
        _pos = 0;
        _len = keep;
        var n = _reader.Read(_buf, _len, _buf.Length - _len);
        if (n == 0)
        {
            _eof = true;
            return _len > 0;
        }
        _len += n;
        return true;
    }
}
