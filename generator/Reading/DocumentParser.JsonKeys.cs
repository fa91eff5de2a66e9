using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CallsGen.Generator.Reading;

internal static partial class DocumentParser
{
    /// <summary>
    /// The keys of the objects open during the JSON scan, to find a key given twice in one object without making a
    /// string of every key: a key is its UTF-8 bytes in the document (or, when it has escapes, its unescaped bytes
    /// kept aside). A small object compares its keys one by one; one with more keys than <see cref="Listed"/> keeps
    /// them as strings in a hash set, whose randomized hashing keeps a hostile object of colliding keys cheap.
    /// </summary>
    private sealed class OpenObjectKeys
    {
        private const int Listed = 16;
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly byte[] _document;
        private readonly Stack<KeySet?> _open = new();
        private readonly Stack<KeySet> _free = new();
        private byte[] _unescaped = new byte[256];
        private int _unescapedLength;

        public OpenObjectKeys(byte[] document) => _document = document;

        public void Open(bool isObject) => _open.Push(isObject ? (_free.Count > 0 ? _free.Pop() : new KeySet(this)) : null);

        public void Close()
        {
            var keys = _open.Pop();
            if (keys is null) return;
            keys.Clear();
            _free.Push(keys);
            if (_open.Count == 0) _unescapedLength = 0;
        }

        /// <summary>Adds the property name the reader is on to its object; false when the object has it already.</summary>
        public bool Add(ref Utf8JsonReader reader) => _open.Peek()!.Add(KeyOf(ref reader));

        private Key KeyOf(ref Utf8JsonReader reader)
        {
            var raw = reader.ValueSpan;
            if (raw.IndexOf((byte)'\\') < 0)
            {
                // The reader checks no UTF-8 in names until they are decoded: this throws on invalid bytes as decoding would.
                var start = (int)reader.TokenStartIndex + 1;
                StrictUtf8.GetCharCount(_document, start, raw.Length);
                return new Key(start, raw.Length, unescaped: false);
            }
            var bytes = Encoding.UTF8.GetBytes(reader.GetString()!);
            if (_unescapedLength + bytes.Length > _unescaped.Length) Array.Resize(ref _unescaped, Math.Max(_unescaped.Length * 2, _unescapedLength + bytes.Length));
            Buffer.BlockCopy(bytes, 0, _unescaped, _unescapedLength, bytes.Length);
            _unescapedLength += bytes.Length;
            return new Key(_unescapedLength - bytes.Length, bytes.Length, unescaped: true);
        }

        private bool Same(Key a, Key b) =>
            a.Length == b.Length
            && new ReadOnlySpan<byte>(a.Unescaped ? _unescaped : _document, a.Start, a.Length).SequenceEqual(new ReadOnlySpan<byte>(b.Unescaped ? _unescaped : _document, b.Start, b.Length));

        private string Text(Key key) => Encoding.UTF8.GetString(key.Unescaped ? _unescaped : _document, key.Start, key.Length);

        private readonly struct Key
        {
            public Key(int start, int length, bool unescaped)
            {
                Start = start;
                Length = length;
                Unescaped = unescaped;
            }

            public int Start { get; }
            public int Length { get; }
            public bool Unescaped { get; }
        }

        /// <summary>The keys of one object.</summary>
        private sealed class KeySet
        {
            private readonly OpenObjectKeys _owner;
            private readonly Key[] _listed = new Key[Listed];
            private int _count;
            private HashSet<string>? _many;

            public KeySet(OpenObjectKeys owner) => _owner = owner;

            public bool Add(Key key)
            {
                if (_many is not null) return _many.Add(_owner.Text(key));
                for (var i = 0; i < _count; i++)
                {
                    if (_owner.Same(_listed[i], key)) return false;
                }
                if (_count < Listed)
                {
                    _listed[_count++] = key;
                    return true;
                }
                _many = new HashSet<string>(StringComparer.Ordinal);
                foreach (var listed in _listed) _many.Add(_owner.Text(listed));
                return _many.Add(_owner.Text(key));
            }

            public void Clear()
            {
                _count = 0;
                _many = null;
            }
        }
    }
}
