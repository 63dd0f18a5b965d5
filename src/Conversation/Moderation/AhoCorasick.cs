namespace ChatHub.Conversation.Moderation;

/// <summary>
/// An Aho–Corasick automaton over <see cref="char"/>s: finds every occurrence of every pattern in one pass, in
/// time linear in the text plus the matches. Immutable once built; safe to share between threads.
/// </summary>
public sealed class AhoCorasick
{
    private readonly Dictionary<char, int>[] _next;
    private readonly int[] _fail;
    private readonly int[][] _outputs; // pattern indexes ending at each state (own and via fail links)
    private readonly int[] _lengths;

    public AhoCorasick(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var next = new List<Dictionary<char, int>> { new() };
        var own = new List<List<int>> { new() };
        _lengths = new int[patterns.Count];
        for (var p = 0; p < patterns.Count; p++)
        {
            var state = 0;
            foreach (var c in patterns[p])
            {
                if (!next[state].TryGetValue(c, out var to))
                {
                    to = next.Count;
                    next[state][c] = to;
                    next.Add(new());
                    own.Add(new());
                }

                state = to;
            }

            _lengths[p] = patterns[p].Length;
            if (patterns[p].Length > 0)
            {
                own[state].Add(p);
            }
        }

        _next = [.. next];
        _fail = new int[_next.Length];
        _outputs = new int[_next.Length][];
        _outputs[0] = [.. own[0]];

        // Breadth-first: a state's fail link points to the longest proper suffix that is also a trie path.
        var queue = new Queue<int>();
        foreach (var child in _next[0].Values)
        {
            _fail[child] = 0;
            _outputs[child] = [.. own[child]];
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var (c, child) in _next[state])
            {
                var f = _fail[state];
                while (f != 0 && !_next[f].ContainsKey(c))
                {
                    f = _fail[f];
                }

                _fail[child] = _next[f].TryGetValue(c, out var target) && target != child ? target : 0;
                _outputs[child] = [.. own[child], .. _outputs[_fail[child]]];
                queue.Enqueue(child);
            }
        }
    }

    public int PatternCount => _lengths.Length;

    /// <summary>Every match as (start index, length, pattern index), in order of their end position.</summary>
    public IEnumerable<(int Start, int Length, int Pattern)> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            while (state != 0 && !_next[state].ContainsKey(c))
            {
                state = _fail[state];
            }

            state = _next[state].TryGetValue(c, out var to) ? to : 0;
            foreach (var p in _outputs[state])
            {
                yield return (i - _lengths[p] + 1, _lengths[p], p);
            }
        }
    }
}
