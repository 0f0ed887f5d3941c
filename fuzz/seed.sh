#!/bin/sh
# Seeds the fuzz corpora (corpus/, git-ignored) from the repository's own data: the shipped
# lexicons (cut to 4 KiB pieces) for lexicon_parse, the sample posts for normalize and
# batch_jsonl. Run from fuzz/: ./seed.sh
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/lexicon_parse corpus/normalize corpus/batch_jsonl corpus/screen corpus/capi
for f in ../lexicons/*.txt; do
    name=$(basename "$f" .txt)
    split -b 4000 -d "$f" "corpus/lexicon_parse/$name-"
done
printf 'org emotional_opinion off\n* vulgar block\nprivate needs_signoff review\n' \
    > corpus/lexicon_parse/policy
i=0
while IFS= read -r line && [ $i -lt 200 ]; do
    printf '%s' "$line" | sed -e 's/^.*"text": *"//' -e 's/".*$//' > "corpus/normalize/post-$i"
    printf '\001%s\n%s\n' "$line" "$line" > "corpus/batch_jsonl/post-$i"
    i=$((i + 1))
done < ../samples/posts.jsonl
echo "seeded: $(ls corpus/lexicon_parse | wc -l) lexicon pieces, $i posts"
