<table></table>
