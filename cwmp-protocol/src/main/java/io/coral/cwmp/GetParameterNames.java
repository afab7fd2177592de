package io.coral.cwmp;

/** GetParameterNames: a path ("" for the whole tree) and whether to list only its children. */
public record GetParameterNames(String parameterPath, boolean nextLevel) implements AcsRequest {
    public GetParameterNames {
        parameterPath = Strings.orEmpty(parameterPath);
    }
}
