<!DOCTYPE html><html><head><title>下载</title></head><body><p>文件不存在。</p></body></html>
