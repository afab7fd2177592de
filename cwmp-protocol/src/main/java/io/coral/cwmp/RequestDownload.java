package io.coral.cwmp;

import java.util.List;

/** RequestDownload: the CPE asks for a file of a type, e.g. "1 Firmware Upgrade Image". */
public record RequestDownload(String fileType, List<ArgStruct> fileTypeArg) implements CpeRequest {
    public RequestDownload {
        fileType = Strings.orEmpty(fileType);
        fileTypeArg = Strings.list(fileTypeArg);
    }
}
