package io.janus.cloud;

import java.util.Arrays;
import java.util.List;

/**
 * What calls must share to run as one batch: the split point, the token count there, and the tokens each remaining
 * block merges away (so every sequence keeps the same length through the rest of the model). The codec does not
 * matter: each payload is decoded on its own before the batch is stacked.
 */
record BatchKey(int splitPoint, int tokens, List<Integer> remainingMerges) {

    static BatchKey of(RequestValidator.Work work) {
        int[] rest = Arrays.copyOfRange(work.removals(), work.splitPoint(), work.removals().length);
        return new BatchKey(work.splitPoint(), work.tokensAtSplit(), Arrays.stream(rest).boxed().toList());
    }
}
