namespace Inkport.Conversion.Formats.Csv;

/// <summary>A lenient RFC 4180 record reader over UTF-8 bytes: quoted fields with doubled quotes
/// and embedded line breaks, CR / LF / CRLF record ends, ragged records, and a quote inside an
/// unquoted field kept literally. It never fails: an unclosed quote runs to the end.
/// <para>Fields are not copied: a record that lies whole in the buffer is read in place, and a
/// field is a slice of the buffer (only a quoted field with doubled quotes or text after its
/// closing quote is unescaped into a side buffer). A record cut by the buffer's end is moved to
/// the front and read again once more bytes are in. A record longer than the buffer, or one over
/// a limit, is read by the copying path, which keeps memory bounded: each field keeps at most
/// <c>maxFieldBytes</c> bytes (the rest is counted as truncated) and at most <c>maxFields</c>
/// fields a record are kept.</para></summary>
internal sealed class CsvParser
{
    private const int DefaultBufferSize = 128 * 1024;

    private readonly Stream _source;
    private readonly int _maxFieldBytes;
    private readonly int _maxFields;
    private readonly byte[] _buf;
    private int _pos;
    private int _len;
    private bool _eof;

    // The current record: each field's slice of the buffer or of the side buffer.
    private Slice[] _fields = new Slice[64];
    private int _fieldCount;
    private byte[] _side = new byte[4096];
    private int _sideLength;

    private readonly record struct Slice(int Start, int Length, bool InSide, bool Truncated);

    /// <param name="source">UTF-8 bytes, past any byte order mark.</param>
    /// <param name="bufferSize">Only tests change it, to send records across the buffer's end.</param>
    public CsvParser(Stream source, int maxFieldBytes, int maxFields, int bufferSize = DefaultBufferSize)
    {
        _source = source;
        _maxFieldBytes = maxFieldBytes;
        _maxFields = maxFields;
        _buf = new byte[bufferSize];
        Fill();
    }

    public byte Delimiter { get; set; } = (byte)',';

    /// <summary>Whether the last record had non-empty fields beyond <c>maxFields</c> (read and dropped).</summary>
    public bool DroppedContent { get; private set; }

    /// <summary>Whether <see cref="Buffered"/> holds the whole rest of the input.</summary>
    public bool BufferedAll => _eof;

    public int FieldCount => _fieldCount;

    public ReadOnlySpan<byte> Field(int i)
    {
        var f = _fields[i];
        return (f.InSide ? _side : _buf).AsSpan(f.Start, f.Length);
    }

    /// <summary>Whether field <paramref name="i"/> was longer than the field limit.</summary>
    public bool Truncated(int i) => _fields[i].Truncated;

    /// <summary>The bytes buffered so far, for sniffing before the first record is read.</summary>
    public ReadOnlySpan<byte> Buffered
    {
        get
        {
            // Top the buffer up so that the sniffer sees a full sample, not one short read.
            FillUp();
            return _buf.AsSpan(_pos, _len - _pos);
        }
    }

    /// <summary>Skips the rest of the current line (an Excel <c>sep=</c> line).</summary>
    public void SkipLine()
    {
        while (true)
        {
            if (_pos == _len && !Refill()) return;
            var c = _buf[_pos++];
            if (c == '\n') return;
            if (c == '\r')
            {
                if ((_pos < _len || Refill()) && _buf[_pos] == '\n') _pos++;
                return;
            }
        }
    }

    /// <summary>Reads the next record; false at the end of the input.</summary>
    public bool Next()
    {
        DroppedContent = false;
        if (_pos == _len && !Refill()) return false;
        while (true)
        {
            switch (ReadInPlace())
            {
                case InPlace.Read:
                    return true;
                case InPlace.TooLong:
                    ReadCopying();
                    return true;
            }
            // Cut by the buffer's end: move the record to the front, read more, try again.
            if (_pos == 0 && _len == _buf.Length)
            {
                ReadCopying();
                return true;
            }
            FillUp();
        }
    }

    private enum InPlace { Read, CutShort, TooLong }

    /// <summary>Reads the record at <c>_pos</c> if it ends inside the buffer (or the input ends
    /// there) and fits the limits; otherwise leaves <c>_pos</c> where it was.</summary>
    private InPlace ReadInPlace()
    {
        var buf = _buf.AsSpan(0, _len);
        var delimiter = Delimiter;
        var p = _pos;
        _fieldCount = 0;
        _sideLength = 0;
        while (true)
        {
            if (_fieldCount == _maxFields) return InPlace.TooLong;
            int start, length;
            var inSide = false;
            if (p < buf.Length && buf[p] == '"')
            {
                var close = buf[(p + 1)..].IndexOf((byte)'"');
                if (close < 0)
                {
                    // An unclosed quote runs to the end of the input.
                    if (!_eof) return InPlace.CutShort;
                    (start, length) = (p + 1, buf.Length - p - 1);
                    p = buf.Length;
                }
                else
                {
                    close += p + 1;
                    if (close + 1 == buf.Length && !_eof) return InPlace.CutShort;
                    if (close + 1 < buf.Length && !IsFieldEnd(buf[close + 1], delimiter))
                    {
                        // Doubled quotes, or text after the closing quote: unescape into the side buffer.
                        if (!Unescape(buf, ref p, delimiter, out start, out length)) return InPlace.CutShort;
                        inSide = true;
                    }
                    else
                    {
                        (start, length) = (p + 1, close - p - 1);
                        p = close + 1;
                    }
                }
            }
            else
            {
                var at = Find(buf[p..], delimiter);
                if (at < 0)
                {
                    if (!_eof) return InPlace.CutShort;
                    at = buf.Length - p;
                }
                (start, length) = (p, at);
                p += at;
            }
            // UTF-8 has at least as many bytes as UTF-16 chars: a field within the byte limit is whole.
            if (length > _maxFieldBytes) return InPlace.TooLong;
            AddField(new Slice(start, length, inSide, false));
            if (p == buf.Length)
            {
                _pos = p;
                return InPlace.Read;
            }
            var terminator = buf[p++];
            if (terminator == delimiter)
            {
                if (p == buf.Length && _eof)
                {
                    // A delimiter at the very end leaves an empty last field.
                    if (_fieldCount < _maxFields) AddField(new Slice(p, 0, false, false));
                    _pos = p;
                    return InPlace.Read;
                }
                continue;
            }
            if (terminator == '\r')
            {
                if (p == buf.Length && !_eof) return InPlace.CutShort;
                if (p < buf.Length && buf[p] == '\n') p++;
            }
            _pos = p;
            return InPlace.Read;
        }
    }

    private static bool IsFieldEnd(byte c, byte delimiter) => c == delimiter || c == '\n' || c == '\r';

    /// <summary>A quoted field from its opening quote at <paramref name="p"/>, unescaped into the
    /// side buffer, with any text after the closing quote up to the field's end; false when the
    /// buffer ends first.</summary>
    private bool Unescape(ReadOnlySpan<byte> buf, ref int p, byte delimiter, out int start, out int length)
    {
        start = _sideLength;
        var i = p + 1;
        while (true)
        {
            var close = buf[i..].IndexOf((byte)'"');
            if (close < 0)
            {
                // An unclosed quote runs to the end of the input.
                if (!_eof) break;
                AppendSide(buf[i..]);
                p = buf.Length;
                length = _sideLength - start;
                return true;
            }
            AppendSide(buf.Slice(i, close));
            i += close + 1;
            if (i == buf.Length && !_eof) break;
            if (i < buf.Length && buf[i] == '"')
            {
                AppendSide("\""u8);
                i++;
                continue;
            }
            var at = Find(buf[i..], delimiter);
            if (at < 0)
            {
                if (!_eof) break;
                at = buf.Length - i;
            }
            AppendSide(buf.Slice(i, at));
            p = i + at;
            length = _sideLength - start;
            return true;
        }
        length = 0;
        return false;
    }

    private void AppendSide(ReadOnlySpan<byte> bytes)
    {
        if (_sideLength + bytes.Length > _side.Length)
            Array.Resize(ref _side, Math.Max(_side.Length * 2, _sideLength + bytes.Length));
        bytes.CopyTo(_side.AsSpan(_sideLength));
        _sideLength += bytes.Length;
    }

    private void AddField(Slice field)
    {
        if (_fieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[_fieldCount++] = field;
    }

    /// <summary>The first delimiter or line break: a plain loop over the first bytes, since most
    /// fields are short and a vectorised search costs more to start than it saves on them.</summary>
    private static int Find(ReadOnlySpan<byte> span, byte delimiter)
    {
        const int Scalar = 16;
        var head = Math.Min(span.Length, Scalar);
        for (var i = 0; i < head; i++)
        {
            var c = span[i];
            if (c == delimiter || c == '\n' || c == '\r') return i;
        }
        if (span.Length <= Scalar) return -1;
        var at = span[Scalar..].IndexOfAny(delimiter, (byte)'\r', (byte)'\n');
        return at < 0 ? -1 : at + Scalar;
    }

    // The copying path: the record at _pos is read byte run by byte run into the side buffer,
    // refilling as it goes, so a record of any length takes bounded memory.

    private int _fieldStart;
    private bool _fieldTruncated;

    private void ReadCopying()
    {
        _fieldCount = 0;
        _sideLength = 0;
        var delimiter = Delimiter;
        while (true)
        {
            BeginField();
            if (_pos == _len && !Refill())
            {
                EndField();
                return;
            }
            if (_buf[_pos] == '"')
            {
                _pos++;
                ReadQuoted();
            }
            // Unquoted text, or what follows a closing quote, runs to the delimiter or line end.
            byte terminator;
            while (true)
            {
                if (_pos == _len && !Refill())
                {
                    EndField();
                    return;
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
            if (terminator == '\r' && (_pos < _len || Refill()) && _buf[_pos] == '\n') _pos++;
            return;
        }
    }

    private void ReadQuoted()
    {
        while (true)
        {
            if (_pos == _len && !Refill()) return;
            var span = _buf.AsSpan(_pos, _len - _pos);
            var at = span.IndexOf((byte)'"');
            if (at < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }
            Append(span[..at]);
            _pos += at + 1;
            if ((_pos < _len || Refill()) && _buf[_pos] == '"')
            {
                Append("\""u8);
                _pos++;
                continue;
            }
            return;
        }
    }

    private void BeginField()
    {
        _fieldStart = _sideLength;
        _fieldTruncated = false;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        if (_fieldCount >= _maxFields)
        {
            DroppedContent = true;
            return;
        }
        var room = _maxFieldBytes - (_sideLength - _fieldStart);
        if (bytes.Length > room)
        {
            _fieldTruncated = true;
            bytes = bytes[..Math.Max(room, 0)];
        }
        AppendSide(bytes);
    }

    private void EndField()
    {
        if (_fieldCount >= _maxFields) return;
        AddField(new Slice(_fieldStart, _sideLength - _fieldStart, true, _fieldTruncated));
    }

    /// <summary>Reads more input after the unread bytes, which move to the buffer's front; false at the end.</summary>
    private bool Fill()
    {
        if (_eof) return false;
        var keep = _len - _pos;
        if (keep > 0 && _pos > 0) _buf.AsSpan(_pos, keep).CopyTo(_buf);
        _pos = 0;
        _len = keep;
        // A full buffer has no room to read into; that is not the end of the input.
        if (_len == _buf.Length) return false;
        var n = _source.Read(_buf, _len, _buf.Length - _len);
        if (n == 0) _eof = true;
        else _len += n;
        return n > 0;
    }

    /// <summary>Moves the unread bytes to the front and reads until the buffer is full or the input ends,
    /// so that a record cut by the buffer's end is read again once, not once per short read.</summary>
    private void FillUp()
    {
        while (Fill() && _len < _buf.Length) { }
    }

    /// <summary>Refills an exhausted buffer; false at the end of the input.</summary>
    private bool Refill() => _pos < _len || Fill();
}
